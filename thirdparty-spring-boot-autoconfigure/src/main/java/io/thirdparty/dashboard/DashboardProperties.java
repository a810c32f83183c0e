package io.thirdparty.dashboard;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.thirdparty.config.InvalidThirdPartyConfigurationException;

/**
 * Settings of the provider dashboard, {@code third-party.dashboard}.
 */
@ConfigurationProperties(DashboardProperties.PREFIX)
public class DashboardProperties {

	/** Prefix of the settings. */
	public static final String PREFIX = "third-party.dashboard";

	/**
	 * Whether the dashboard page is served while the thirdparty endpoint is exposed over
	 * HTTP.
	 */
	private boolean enabled = true;

	/**
	 * Path of the dashboard page, under the application's context path.
	 */
	private String path = "/third-party/dashboard";

	/**
	 * Time between two readings of the thirdparty endpoint by an open page.
	 */
	private Duration refreshInterval = Duration.ofSeconds(1);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	public void setRefreshInterval(Duration refreshInterval) {
		this.refreshInterval = refreshInterval;
	}

	/**
	 * Checks the settings, failing on the first that cannot work.
	 * @throws InvalidThirdPartyConfigurationException naming the key, its value and the
	 * fix
	 */
	public void validate() {
		if (this.path == null || !this.path.startsWith("/") || this.path.endsWith("/") || this.path.contains("{")
				|| this.path.contains("*")) {
			throw new InvalidThirdPartyConfigurationException(PREFIX + ".path", this.path,
					"the path must start with '/', not end with '/' and hold no pattern",
					"Set it to a path such as /third-party/dashboard.");
		}
		if (this.refreshInterval == null || this.refreshInterval.compareTo(Duration.ofMillis(100)) < 0) {
			throw new InvalidThirdPartyConfigurationException(PREFIX + ".refresh-interval", this.refreshInterval,
					"an open page would read the endpoint more than ten times a second",
					"Set it to 100ms or more, e.g. 1s.");
		}
	}

}
