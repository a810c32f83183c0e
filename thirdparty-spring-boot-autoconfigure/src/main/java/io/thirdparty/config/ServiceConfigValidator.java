package io.thirdparty.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.support.CronExpression;

import io.thirdparty.callback.AddressBlock;
import io.thirdparty.config.ServiceProperties.Auth;
import io.thirdparty.config.ServiceProperties.ProviderProperties;
import io.thirdparty.provider.Secrets;
import io.thirdparty.signing.Hmac;

/**
 * Checks bound service settings before they are used, failing on the first bad key with
 * the key's full name, its value and the fix.
 */
public class ServiceConfigValidator {

	/**
	 * Most providers one service may have.
	 */
	public static final int MAX_PROVIDERS = 64;

	private static final String PREFIX = ThirdPartyProperties.PREFIX + ".";

	private final Environment environment;

	/**
	 * Creates a validator that names each bad key as the service's.
	 */
	public ServiceConfigValidator() {
		this(null);
	}

	/**
	 * Creates a validator that names a bad value a service inherited from
	 * {@code third-party.defaults} by the {@code defaults} key it was set under.
	 * @param environment where the settings were written
	 */
	public ServiceConfigValidator(Environment environment) {
		this.environment = environment;
	}

	/**
	 * Validates every service.
	 * @param services the services, defaults applied
	 * @throws InvalidThirdPartyConfigurationException on the first bad key
	 */
	public void validate(Map<String, ServiceProperties> services) {
		services.forEach((name, service) -> {
			try {
				validateService(name, service);
			}
			catch (InvalidThirdPartyConfigurationException ex) {
				throw asWritten(name, ex);
			}
		});
	}

	/**
	 * Returns the failure naming the key the user wrote: the {@code defaults} one when
	 * the service does not set the key itself and inherited the bad value.
	 */
	private InvalidThirdPartyConfigurationException asWritten(String name, InvalidThirdPartyConfigurationException ex) {
		String own = PREFIX + name + ".";
		if (this.environment == null || !ex.getProperty().startsWith(own)) {
			return ex;
		}
		String rest = ex.getProperty().substring(own.length());
		String defaults = PREFIX + "defaults." + rest;
		if (rest.startsWith("providers") || isSet(own + rest) || !isSet(defaults)) {
			return ex;
		}
		return new InvalidThirdPartyConfigurationException(defaults, ex.getValue(),
				ex.getReason() + " (set under " + PREFIX + "defaults, inherited by service '" + name + "')",
				ex.getAction().replace(ex.getProperty(), defaults));
	}

	private boolean isSet(String key) {
		ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(key);
		if (name == null) {
			return false;
		}
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (source.getConfigurationProperty(name) != null
					|| source.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT) {
				return true;
			}
		}
		return false;
	}

	private void validateService(String name, ServiceProperties service) {
		String key = PREFIX + name;
		List<ProviderProperties> providers = service.getProviders();
		if (providers.isEmpty() && service.getDiscovery().getServiceId() != null) {
			throw new InvalidThirdPartyConfigurationException(key + ".discovery.service-id",
					service.getDiscovery().getServiceId(),
					"service '" + name + "' has no configured provider and discovery reports no instance of '"
							+ service.getDiscovery().getServiceId() + "'",
					"Register an instance of '" + service.getDiscovery().getServiceId() + "', correct " + key
							+ ".discovery.service-id, or add a provider: " + key + ".providers[0].name and .url.");
		}
		if (providers.isEmpty()) {
			throw new InvalidThirdPartyConfigurationException(key + ".providers", "[]",
					"service '" + name + "' has no providers",
					"Add at least one provider: " + key + ".providers[0].name and " + key + ".providers[0].url.");
		}
		if (providers.size() > MAX_PROVIDERS) {
			throw new InvalidThirdPartyConfigurationException(key + ".providers", providers.size() + " providers",
					"a service may have at most " + MAX_PROVIDERS + " providers",
					"Split the providers into several services.");
		}
		Set<String> seen = new HashSet<>();
		int totalWeight = 0;
		for (int i = 0; i < providers.size(); i++) {
			ProviderProperties provider = providers.get(i);
			String providerKey = key + ".providers[" + i + "]";
			if (provider.getName() == null || provider.getName().isBlank()) {
				throw new InvalidThirdPartyConfigurationException(providerKey + ".name", provider.getName(),
						"every provider needs a name",
						"Set " + providerKey + ".name to a name unique within '" + name + "'.");
			}
			if (!seen.add(provider.getName())) {
				throw new InvalidThirdPartyConfigurationException(providerKey + ".name", provider.getName(),
						"provider name '" + provider.getName() + "' is used twice in service '" + name + "'",
						"Give each provider of '" + name + "' its own name.");
			}
			validateUrl(providerKey + ".url", provider.getUrl());
			if (provider.getWeight() < 0) {
				throw new InvalidThirdPartyConfigurationException(providerKey + ".weight", provider.getWeight(),
						"a weight cannot be negative",
						"Set " + providerKey + ".weight to 0 or more (0 takes it out of weighted selection).");
			}
			if (provider.isEnabled()) {
				totalWeight += provider.getWeight();
			}
			if (!(provider.getCost() >= 0) || Double.isInfinite(provider.getCost())) {
				throw new InvalidThirdPartyConfigurationException(providerKey + ".cost", provider.getCost(),
						"a cost must be a finite number, 0 or more",
						"Set " + providerKey + ".cost to the price of one call, e.g. 0.8, or remove it (0).");
			}
			validateQuota(providerKey + ".quota", provider.getQuota());
			validateCallback(providerKey + ".callback", provider.getCallback());
			validateAuth(providerKey + ".auth", provider.getAuth());
		}
		if (providers.stream().noneMatch(ProviderProperties::isEnabled)) {
			throw new InvalidThirdPartyConfigurationException(key + ".providers[*].enabled", false,
					"every provider of '" + name + "' is disabled, so no call can be made",
					"Set " + key + ".providers[i].enabled=true on at least one provider (an operator can still take it "
							+ "out of traffic at run time through the thirdparty endpoint).");
		}
		if (service.getStrategy() == io.thirdparty.provider.Strategy.WEIGHTED && totalWeight == 0) {
			throw new InvalidThirdPartyConfigurationException(key + ".providers[*].weight", 0,
					"every enabled provider of '" + name + "' has weight 0, so weighted selection can choose none",
					"Give at least one enabled provider a positive weight, or set " + key + ".strategy=priority.");
		}
		validateResilience(key, service);
		validateCache(key + ".cache", service.getCache());
		validateQuota(key + ".quota", service.getQuota());
		double share = service.getQuota().getLocalShare();
		if (!(share > 0 && share <= 1)) {
			throw new InvalidThirdPartyConfigurationException(key + ".quota.local-share", share,
					"the local share is the fraction of each quota one instance allows itself while Redis is down, "
							+ "above 0 and at most 1",
					"Set " + key + ".quota.local-share to 1/n for n instances, e.g. 0.5.");
		}
	}

	private static void validateQuota(String key, ServiceProperties.Quota quota) {
		if (quota.getLimit() != null && quota.getLimit() < 1) {
			throw new InvalidThirdPartyConfigurationException(key + ".limit", quota.getLimit(),
					"a quota's limit must be 1 or more",
					"Set " + key + ".limit to the requests allowed per period, or remove it for no quota.");
		}
		if (quota.getPeriod() == null || quota.getPeriod().isNegative() || quota.getPeriod().toMillis() < 1) {
			throw new InvalidThirdPartyConfigurationException(key + ".period", quota.getPeriod(),
					"a quota's period must be 1ms or longer",
					"Set " + key + ".period to the length of the quota's window, e.g. 1s, 1m or 1d.");
		}
	}

	private void validateCallback(String key, ServiceProperties.Callback callback) {
		secret(key + ".token", callback.getToken(), false);
		secret(key + ".secret", callback.getSecret(), false);
		List<String> sources = callback.getAllowedSources();
		for (int i = 0; i < sources.size(); i++) {
			try {
				AddressBlock.parse(sources.get(i));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidThirdPartyConfigurationException(key + ".allowed-sources[" + i + "]", sources.get(i),
						ex.getMessage(),
						"Use an IP address such as 203.0.113.7 or a CIDR block such as 203.0.113.0/24.");
			}
		}
	}

	private void validateAuth(String key, Auth auth) {
		switch (auth.getType()) {
			case API_KEY -> {
				header(key + ".header-name", auth.getHeaderName());
				secret(key + ".key", auth.getKey(), true);
			}
			case BEARER -> secret(key + ".token", auth.getToken(), true);
			case HMAC -> {
				secret(key + ".secret", auth.getSecret(), true);
				secret(key + ".key", auth.getKey(), false);
				if (!Hmac.isAvailable(auth.getAlgorithm())) {
					throw new InvalidThirdPartyConfigurationException(key + ".algorithm", auth.getAlgorithm(),
							"this JVM has no such HMAC algorithm",
							"Use a JCA name such as HmacSHA256, HmacSHA384 or HmacSHA512.");
				}
				header(key + ".signature-header", auth.getSignatureHeader());
				header(key + ".timestamp-header", auth.getTimestampHeader());
				header(key + ".nonce-header", auth.getNonceHeader());
				if (auth.getKey() != null) {
					header(key + ".header-name", auth.getHeaderName());
				}
			}
			case NONE -> {
			}
		}
	}

	/**
	 * Checks a credential without ever putting its value in the exception: only whether
	 * it is missing, blank or an unresolved placeholder.
	 */
	private static void secret(String key, String value, boolean required) {
		if (value == null) {
			if (required) {
				throw new InvalidThirdPartyConfigurationException(key, null, "this credential is required here",
						"Set " + key + ", preferably from the environment: " + key + "=${ENV_VARIABLE}.");
			}
			return;
		}
		if (value.isBlank()) {
			throw new InvalidThirdPartyConfigurationException(key, "(blank)", "a credential cannot be blank",
					"Set " + key + " to the credential, or remove the key.");
		}
		if (value.contains("${")) {
			throw new InvalidThirdPartyConfigurationException(key, "(unresolved placeholder)",
					"the credential refers to a property or environment variable that is not set",
					"Set the environment variable or property the placeholder names, or give the placeholder a default.");
		}
	}

	private static void header(String key, String value) {
		if (!isHeaderName(value)) {
			throw new InvalidThirdPartyConfigurationException(key, value, "not a valid HTTP header name",
					"Set " + key + " to a header name such as X-Signature.");
		}
	}

	/**
	 * Returns whether a value is a valid HTTP header name (an RFC 9110 token).
	 * @param value the value
	 * @return {@code false} for {@code null}, blank or any character a token cannot hold
	 */
	public static boolean isHeaderName(String value) {
		return value != null && !value.isBlank() && value.chars().allMatch(ServiceConfigValidator::isTokenChar);
	}

	/** Whether a character may appear in an HTTP header name (RFC 9110 token). */
	static boolean isTokenChar(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
				|| "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
	}

	private void validateUrl(String key, String url) {
		String action = "Set " + key + " to an absolute http or https URL, e.g. https://api.vendor.example.com.";
		if (url == null || url.isBlank()) {
			throw new InvalidThirdPartyConfigurationException(key, url, "every provider needs a url", action);
		}
		// the url's credentials and query string stay out of the message, which is logged
		String shown = Secrets.mask(url);
		try {
			URI uri = new URI(url);
			String scheme = uri.getScheme();
			if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
					|| uri.getHost() == null) {
				throw new InvalidThirdPartyConfigurationException(key, shown,
						"not an absolute http or https URL with a host", action);
			}
		}
		catch (URISyntaxException ex) {
			throw new InvalidThirdPartyConfigurationException(key, shown,
					"malformed URL: " + Secrets.mask(ex.getMessage()), action);
		}
	}

	private void validateResilience(String key, ServiceProperties service) {
		ServiceProperties.Retry retry = service.getRetry();
		atLeast(key + ".retry.max-attempts", retry.getMaxAttempts(), 1);
		positiveOrZero(key + ".retry.backoff", retry.getBackoff());
		positiveOrZero(key + ".retry.max-backoff", retry.getMaxBackoff());
		if (retry.getMultiplier() < 1.0) {
			throw new InvalidThirdPartyConfigurationException(key + ".retry.multiplier", retry.getMultiplier(),
					"the multiplier must be 1.0 or more", "Set it to 1.0 for a constant wait or more to grow it.");
		}
		if (retry.getJitter() < 0 || retry.getJitter() > 1) {
			throw new InvalidThirdPartyConfigurationException(key + ".retry.jitter", retry.getJitter(),
					"the jitter is a fraction between 0 and 1", "Set it to e.g. 0.2 for plus or minus 20%.");
		}
		if (service.getTimeout() != null && (service.getTimeout().isNegative() || service.getTimeout().isZero())) {
			throw new InvalidThirdPartyConfigurationException(key + ".timeout", service.getTimeout(),
					"the timeout must be positive", "Set a positive duration such as 2s, or remove the key.");
		}
		ServiceProperties.CircuitBreaker breaker = service.getCircuitBreaker();
		percentage(key + ".circuit-breaker.failure-rate-threshold", breaker.getFailureRateThreshold());
		percentage(key + ".circuit-breaker.slow-call-rate-threshold", breaker.getSlowCallRateThreshold());
		atLeast(key + ".circuit-breaker.sliding-window-size", breaker.getSlidingWindowSize(), 1);
		atLeast(key + ".circuit-breaker.minimum-calls", breaker.getMinimumCalls(), 1);
		atLeast(key + ".circuit-breaker.half-open-calls", breaker.getHalfOpenCalls(), 1);
		positive(key + ".circuit-breaker.wait-in-open", breaker.getWaitInOpen());
		positive(key + ".circuit-breaker.slow-call-duration", breaker.getSlowCallDuration());
		atLeast(key + ".rate-limit.limit", service.getRateLimit().getLimit(), 0);
		positive(key + ".rate-limit.period", service.getRateLimit().getPeriod());
		positiveOrZero(key + ".rate-limit.timeout", service.getRateLimit().getTimeout());
		atLeast(key + ".bulkhead.max-concurrent", service.getBulkhead().getMaxConcurrent(), 0);
		atLeast(key + ".circuit-breaker.consecutive-failures", breaker.getConsecutiveFailures(), 0);
		positive(key + ".http.connect-timeout", service.getHttp().getConnectTimeout());
		positive(key + ".http.read-timeout", service.getHttp().getReadTimeout());
		validateHealthCheck(key + ".health-check", service.getHealthCheck());
	}

	private void validateHealthCheck(String key, ServiceProperties.HealthCheck check) {
		if (check.getPath() != null && !check.getPath().isBlank() && !check.getPath().startsWith("/")) {
			throw new InvalidThirdPartyConfigurationException(key + ".path", check.getPath(),
					"the path is appended to each provider's url and must start with '/'",
					"Set " + key + ".path to a path such as /health.");
		}
		positive(key + ".interval", check.getInterval());
		positive(key + ".timeout", check.getTimeout());
		atLeast(key + ".healthy-threshold", check.getHealthyThreshold(), 1);
		atLeast(key + ".unhealthy-threshold", check.getUnhealthyThreshold(), 1);
		for (Integer status : check.getExpectedStatus()) {
			if (status == null || status < 100 || status > 599) {
				throw new InvalidThirdPartyConfigurationException(key + ".expected-status", check.getExpectedStatus(),
						"every expected status must be an HTTP status between 100 and 599",
						"Set " + key + ".expected-status to statuses such as 200,204, or remove it for any 2xx.");
			}
		}
	}

	private void validateCache(String key, ServiceProperties.Cache cache) {
		if (cache.getTtl() != null) {
			positive(key + ".ttl", cache.getTtl());
		}
		positiveOrZero(key + ".stale-if-error", cache.getStaleIfError());
		positiveOrZero(key + ".refresh-ahead", cache.getRefreshAhead());
		if (cache.active() && cache.getRefreshAhead().compareTo(cache.effectiveTtl()) >= 0) {
			throw new InvalidThirdPartyConfigurationException(key + ".refresh-ahead", cache.getRefreshAhead(),
					"the refresh-ahead window must be shorter than the ttl (" + cache.effectiveTtl() + ")",
					"Set " + key + ".refresh-ahead to a fraction of the ttl, e.g. a fifth of it, or to 0.");
		}
		if (cache.getVersion() == null || cache.getVersion().isBlank()) {
			throw new InvalidThirdPartyConfigurationException(key + ".version", cache.getVersion(),
					"the version ends every cache key and cannot be empty", "Set " + key + ".version, e.g. v2.");
		}
		if (cache.getMaxEntries() < 1) {
			throw new InvalidThirdPartyConfigurationException(key + ".max-entries", cache.getMaxEntries(),
					"must be 1 or more", "Set " + key + ".max-entries to the number of entries to keep in memory.");
		}
		positive(key + ".single-flight.lease", cache.getSingleFlight().getLease());
		positiveOrZero(key + ".single-flight.wait", cache.getSingleFlight().getWait());
		ServiceProperties.Pull pull = cache.getPull();
		if (pull.getInterval() != null && pull.getCron() != null) {
			throw new InvalidThirdPartyConfigurationException(key + ".pull",
					pull.getInterval() + " / " + pull.getCron(), "both an interval and a cron expression are set",
					"Keep one of " + key + ".pull.interval and " + key + ".pull.cron.");
		}
		if (pull.getInterval() != null) {
			positive(key + ".pull.interval", pull.getInterval());
		}
		if (pull.getCron() != null && !CronExpression.isValidExpression(pull.getCron())) {
			throw new InvalidThirdPartyConfigurationException(key + ".pull.cron", pull.getCron(),
					"not a valid cron expression",
					"Use six fields (second minute hour day month weekday), e.g. '0 */5 * * * *' for every five minutes.");
		}
		if (pull.getZone() != null) {
			try {
				ZoneId.of(pull.getZone());
			}
			catch (DateTimeException ex) {
				throw new InvalidThirdPartyConfigurationException(key + ".pull.zone", pull.getZone(),
						"not a time zone: " + ex.getMessage(), "Use a zone id such as UTC or Asia/Shanghai.");
			}
		}
	}

	private static void atLeast(String key, int value, int min) {
		if (value < min) {
			throw new InvalidThirdPartyConfigurationException(key, value, "must be " + min + " or more",
					"Set " + key + " to " + min + " or more.");
		}
	}

	private static void percentage(String key, float value) {
		if (value <= 0 || value > 100) {
			throw new InvalidThirdPartyConfigurationException(key, value, "a percentage above 0 and at most 100",
					"Set " + key + " to a value in (0, 100].");
		}
	}

	private static void positive(String key, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidThirdPartyConfigurationException(key, value, "must be a positive duration",
					"Set " + key + " to a positive duration such as 1s.");
		}
	}

	private static void positiveOrZero(String key, Duration value) {
		if (value == null || value.isNegative()) {
			throw new InvalidThirdPartyConfigurationException(key, value, "cannot be negative",
					"Set " + key + " to 0 or a positive duration.");
		}
	}

}
