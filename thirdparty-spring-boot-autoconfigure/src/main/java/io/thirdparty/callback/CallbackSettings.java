package io.thirdparty.callback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import io.thirdparty.callback.CallbackProperties.ForwardHeaders;
import io.thirdparty.callback.CallbackProperties.Limit;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.config.ServiceConfigValidator;
import io.thirdparty.signing.Hmac;

/**
 * The callback settings in force: {@code third-party.callbacks} bound afresh from the
 * environment, checked, and swapped in as one immutable {@link Snapshot}. Startup fails
 * on a bad value, naming the key; a {@link #reload()} with a bad value throws and leaves
 * the last good settings in force, so that a typo pushed at run time never makes genuine
 * callbacks fail.
 * <p>
 * The snapshot's {@link CallbackProperties} is this class's own binding, never the
 * application's {@code CallbackProperties} bean, which Spring Cloud rebinds in place on a
 * change before anything could check it.
 */
public class CallbackSettings {

	/**
	 * Boot's setting of who applies forwarding headers: the server, Spring, or nobody.
	 */
	static final String SERVER_STRATEGY = "server.forward-headers-strategy";

	private static final Log logger = LogFactory.getLog(CallbackSettings.class);

	private final Environment environment;

	private volatile Snapshot current;

	/**
	 * Binds and checks the settings.
	 * @param environment the environment the settings are bound from, now and on each
	 * reload
	 * @throws InvalidThirdPartyConfigurationException when a setting cannot be used
	 */
	public CallbackSettings(Environment environment) {
		this.environment = environment;
		this.current = bind();
	}

	/**
	 * Returns the settings in force; read it once per request, so that one request sees
	 * one set of settings.
	 * @return the settings
	 */
	public Snapshot current() {
		return this.current;
	}

	/**
	 * Binds the settings again and puts them in force once they pass every check.
	 * @throws InvalidThirdPartyConfigurationException when a setting cannot be used; the
	 * settings in force stay
	 * @throws org.springframework.boot.context.properties.bind.BindException when a value
	 * cannot be converted; the settings in force stay
	 */
	public synchronized void reload() {
		Snapshot reloaded = bind();
		this.current = reloaded;
		logger.info("Callback settings reloaded");
	}

	private Snapshot bind() {
		Binder binder = Binder.get(this.environment);
		CallbackProperties properties = binder.bindOrCreate(CallbackProperties.PREFIX,
				Bindable.of(CallbackProperties.class));
		String serverStrategy = binder.bind(SERVER_STRATEGY, String.class).orElse(null);
		return check(properties, serverStrategy);
	}

	/**
	 * Checks the settings and resolves what they leave to the application.
	 * @param properties the settings, not shared with anything else
	 * @param serverStrategy the value of {@code server.forward-headers-strategy}, or
	 * {@code null}
	 * @return the settings
	 * @throws InvalidThirdPartyConfigurationException when a setting cannot be used
	 */
	static Snapshot check(CallbackProperties properties, String serverStrategy) {
		String prefix = CallbackProperties.PREFIX + ".";
		List<AddressBlock> trusted = new ArrayList<>();
		List<String> proxies = properties.getTrustedProxies();
		for (int i = 0; i < proxies.size(); i++) {
			try {
				trusted.add(AddressBlock.parse(proxies.get(i)));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidThirdPartyConfigurationException(prefix + "trusted-proxies[" + i + "]", proxies.get(i),
						ex.getMessage(), "Use an IP address such as 10.0.0.5 or a CIDR block such as 10.0.0.0/8.");
			}
		}
		ForwardHeaders forwardHeaders = forwardHeaders(properties.getForwardHeaders(), trusted, serverStrategy);
		Map<String, String> headers = new LinkedHashMap<>();
		header(headers, prefix + "token-header", properties.getTokenHeader());
		header(headers, prefix + "signature-header", properties.getSignatureHeader());
		header(headers, prefix + "timestamp-header", properties.getTimestampHeader());
		header(headers, prefix + "nonce-header", properties.getNonceHeader());
		if (!Hmac.isAvailable(properties.getAlgorithm())) {
			throw new InvalidThirdPartyConfigurationException(prefix + "algorithm", properties.getAlgorithm(),
					"this JVM has no such HMAC algorithm", "Use a JCA name such as HmacSHA256 or HmacSHA512.");
		}
		positive(prefix + "tolerance", properties.getTolerance());
		if (properties.getMaxBodySize() == null || properties.getMaxBodySize().toBytes() <= 0) {
			throw new InvalidThirdPartyConfigurationException(prefix + "max-body-size", properties.getMaxBodySize(),
					"must be a positive size", "Set it to a size such as 256KB.");
		}
		if (properties.getNonceKeyPrefix() == null || properties.getNonceKeyPrefix().isBlank()) {
			throw new InvalidThirdPartyConfigurationException(prefix + "nonce-key-prefix",
					properties.getNonceKeyPrefix(), "the Redis key prefix of nonces is empty",
					"Set it to a prefix such as thirdparty:callback:nonce:.");
		}
		if (properties.getMaxLocalNonces() < 1) {
			throw new InvalidThirdPartyConfigurationException(prefix + "max-local-nonces",
					properties.getMaxLocalNonces(), "must be 1 or more", "Set it to e.g. 100000.");
		}
		limit(prefix + "rate-limit.per-provider", properties.getRateLimit().getPerProvider());
		limit(prefix + "rate-limit.per-source", properties.getRateLimit().getPerSource());
		return new Snapshot(properties, List.copyOf(trusted), forwardHeaders);
	}

	/**
	 * Which forwarding headers are read: the server's or Spring's own handling
	 * ({@code server.forward-headers-strategy=native|framework}) has already applied them
	 * to the request's address and scheme, so the starter reads none and its trusted
	 * proxies would go unused; without trusted proxies there is no header to believe;
	 * {@code auto} otherwise reads {@code X-Forwarded-*}.
	 */
	private static ForwardHeaders forwardHeaders(ForwardHeaders configured, List<AddressBlock> trusted,
			String serverStrategy) {
		String key = CallbackProperties.PREFIX + ".forward-headers";
		ForwardHeaders wanted = (configured != null) ? configured : ForwardHeaders.AUTO;
		boolean serverApplies = serverStrategy != null
				&& !serverStrategy.trim().toLowerCase(Locale.ROOT).equals("none");
		if (serverApplies && (wanted == ForwardHeaders.FORWARDED || wanted == ForwardHeaders.X_FORWARDED)) {
			throw new InvalidThirdPartyConfigurationException(key, value(wanted),
					SERVER_STRATEGY + "=" + serverStrategy + " already applies forwarding headers before the starter "
							+ "sees the request",
					"Set " + key + "=auto (the server's own trusted proxies decide), or set " + SERVER_STRATEGY
							+ "=none to let the starter read the headers of " + CallbackProperties.PREFIX
							+ ".trusted-proxies.");
		}
		if (serverApplies && !trusted.isEmpty()) {
			throw new InvalidThirdPartyConfigurationException(CallbackProperties.PREFIX + ".trusted-proxies",
					trusted.toString(),
					SERVER_STRATEGY + "=" + serverStrategy + " already applies forwarding headers, "
							+ "so these trusted proxies would not be used",
					"Remove them and configure the server's trusted proxies (e.g. server.tomcat.remoteip.internal-proxies), "
							+ "or set " + SERVER_STRATEGY + "=none.");
		}
		if (trusted.isEmpty() && (wanted == ForwardHeaders.FORWARDED || wanted == ForwardHeaders.X_FORWARDED)) {
			throw new InvalidThirdPartyConfigurationException(key, value(wanted),
					"forwarding headers are believed only from trusted proxies, and none is configured",
					"List the proxies in " + CallbackProperties.PREFIX + ".trusted-proxies, or set " + key + "=none.");
		}
		if (wanted == ForwardHeaders.AUTO) {
			return trusted.isEmpty() ? ForwardHeaders.NONE : ForwardHeaders.X_FORWARDED;
		}
		return wanted;
	}

	/**
	 * Checks a header name, and that no other callback header has it (names compared as
	 * HTTP does, ignoring case).
	 */
	private static void header(Map<String, String> seen, String key, String name) {
		if (!ServiceConfigValidator.isHeaderName(name)) {
			throw new InvalidThirdPartyConfigurationException(key, name, "not a valid HTTP header name",
					"Set " + key + " to a header name such as X-Callback-Token.");
		}
		String other = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), key);
		if (other != null) {
			throw new InvalidThirdPartyConfigurationException(key, name, "the same header as " + other,
					"Give each of the token, signature, timestamp and nonce its own header.");
		}
	}

	private static String value(ForwardHeaders headers) {
		return headers.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private static void limit(String key, Limit limit) {
		if (limit.getLimit() < 0) {
			throw new InvalidThirdPartyConfigurationException(key + ".limit", limit.getLimit(), "cannot be negative",
					"Set it to 0 for no limit, or to the requests allowed per period.");
		}
		positive(key + ".period", limit.getPeriod());
	}

	private static void positive(String key, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidThirdPartyConfigurationException(key, value, "must be a positive duration",
					"Set it to a positive duration such as 5m.");
		}
	}

	/**
	 * One checked set of callback settings; nothing changes it once it is in force.
	 *
	 * @param properties the settings as bound
	 * @param trustedProxies the parsed {@code trusted-proxies}
	 * @param forwardHeaders the forwarding headers read: {@code forwarded},
	 * {@code x-forwarded} or {@code none}, never {@code auto}
	 */
	public record Snapshot(CallbackProperties properties, List<AddressBlock> trustedProxies,
			ForwardHeaders forwardHeaders) {
	}

}
