package io.thirdparty.operator;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Sharing of the {@code thirdparty} endpoint's operator actions between the instances of
 * an application, {@code third-party.operator}.
 */
@ConfigurationProperties(OperatorProperties.PREFIX)
public class OperatorProperties {

	/**
	 * Prefix of the settings.
	 */
	public static final String PREFIX = "third-party.operator";

	/**
	 * Whether operator actions (disable, enable, force, release, reset-breaker,
	 * cache-version) apply to every instance through Redis, when the application has a
	 * Redis connection factory. Without Redis, or when false, each applies to the
	 * instance it was made on.
	 */
	private boolean shared = true;

	/**
	 * Prefix of the Redis hashes ('<prefix>service:<service>') and channel
	 * ('<prefix>changes') of the operator state. Defaults to
	 * 'thirdparty:operator:<spring.application.name>:', or 'thirdparty:operator:' without
	 * an application name, so that applications sharing a Redis keep their operator state
	 * apart while the instances of one application share theirs.
	 */
	private String keyPrefix;

	/**
	 * This instance's id, shown with the changes made on it. Defaults to
	 * '<host>:<pid>:<random>'.
	 */
	private String instanceId;

	/**
	 * Longest an operator action waits for Redis before it answers that the change was
	 * not shared.
	 */
	private Duration timeout = Duration.ofSeconds(1);

	/**
	 * How often every instance reads the operator state from Redis again (catching up on
	 * any announcement it missed), and tries Redis again during an outage.
	 */
	private Duration resyncInterval = Duration.ofSeconds(5);

	public boolean isShared() {
		return this.shared;
	}

	public void setShared(boolean shared) {
		this.shared = shared;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	/**
	 * Returns the key prefix in force.
	 * @param applicationName the value of {@code spring.application.name}, or
	 * {@code null}
	 * @return the configured prefix, else the default for the application's name
	 */
	public String keyPrefix(String applicationName) {
		if (this.keyPrefix != null) {
			return this.keyPrefix;
		}
		return (applicationName == null || applicationName.isBlank()) ? "thirdparty:operator:"
				: "thirdparty:operator:" + applicationName.strip() + ":";
	}

	public String getInstanceId() {
		return this.instanceId;
	}

	public void setInstanceId(String instanceId) {
		this.instanceId = instanceId;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getResyncInterval() {
		return this.resyncInterval;
	}

	public void setResyncInterval(Duration resyncInterval) {
		this.resyncInterval = resyncInterval;
	}

}
