package io.thirdparty.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.thirdparty.provider.Strategy;
import io.thirdparty.signing.AuthType;
import io.thirdparty.signing.SignatureEncoding;

/**
 * Settings of one third-party service, {@code third-party.<service>}. Every key except
 * {@code providers} may also be set under {@code third-party.defaults}, which every
 * service inherits and may override key by key.
 */
public class ServiceProperties {

	/**
	 * How a provider is chosen for each attempt.
	 */
	private Strategy strategy = Strategy.WEIGHTED;

	/**
	 * Time limit of one attempt. The attempt runs on a separate thread only when this is
	 * set; without it the call runs on the caller's thread with no time limit of its own.
	 */
	private Duration timeout;

	/**
	 * Whether the MDC holds the service, provider and attempt number
	 * ({@code thirdparty.service}, {@code thirdparty.provider},
	 * {@code thirdparty.attempt}) during each attempt, for the logs the vendor call
	 * writes. Off by default: the keys cost every attempt three MDC entries; with tracing
	 * the attempt's span carries the same names.
	 */
	private boolean mdc;

	/**
	 * Vendors that serve the service.
	 */
	private List<ProviderProperties> providers = new ArrayList<>();

	/**
	 * Retry and failover.
	 */
	private final Retry retry = new Retry();

	/**
	 * Circuit breaker of each provider.
	 */
	private final CircuitBreaker circuitBreaker = new CircuitBreaker();

	/**
	 * Rate limit of each provider.
	 */
	private final RateLimit rateLimit = new RateLimit();

	/**
	 * Concurrent-call limit of each provider.
	 */
	private final Bulkhead bulkhead = new Bulkhead();

	/**
	 * Quota of the whole service, every provider together, shared by every instance
	 * through Redis when the application has it.
	 */
	private final ServiceQuota quota = new ServiceQuota();

	/**
	 * Connect and read timeouts of the HTTP clients the starter builds or routes for the
	 * service (declarative clients, ThirdPartyRestClients, health checks).
	 */
	private final Http http = new Http();

	/**
	 * Active health checks of each provider.
	 */
	private final HealthCheck healthCheck = new HealthCheck();

	/**
	 * Cache of the service's results.
	 */
	private final Cache cache = new Cache();

	/**
	 * Providers taken from Spring Cloud's DiscoveryClient, beside the configured ones.
	 */
	private final Discovery discovery = new Discovery();

	public Strategy getStrategy() {
		return this.strategy;
	}

	public void setStrategy(Strategy strategy) {
		this.strategy = strategy;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public boolean isMdc() {
		return this.mdc;
	}

	public void setMdc(boolean mdc) {
		this.mdc = mdc;
	}

	public List<ProviderProperties> getProviders() {
		return this.providers;
	}

	public void setProviders(List<ProviderProperties> providers) {
		this.providers = providers;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public CircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	public RateLimit getRateLimit() {
		return this.rateLimit;
	}

	public Bulkhead getBulkhead() {
		return this.bulkhead;
	}

	public ServiceQuota getQuota() {
		return this.quota;
	}

	public Http getHttp() {
		return this.http;
	}

	public HealthCheck getHealthCheck() {
		return this.healthCheck;
	}

	public Cache getCache() {
		return this.cache;
	}

	public Discovery getDiscovery() {
		return this.discovery;
	}

	/**
	 * Providers of a service taken from Spring Cloud's DiscoveryClient,
	 * {@code third-party.<service>.discovery}. Each instance registered under the service
	 * id becomes a provider after the configured ones; its settings come from the
	 * instance's metadata (keys under {@code third-party.}, such as
	 * {@code third-party.weight}).
	 */
	public static class Discovery {

		/**
		 * Service id whose registered instances become providers of this service; unset
		 * takes no provider from discovery.
		 */
		private String serviceId;

		public String getServiceId() {
			return this.serviceId;
		}

		public void setServiceId(String serviceId) {
			this.serviceId = serviceId;
		}

	}

	/**
	 * One vendor of a service, {@code third-party.<service>.providers[]}.
	 */
	public static class ProviderProperties {

		/**
		 * Name of the provider, unique within the service.
		 */
		private String name;

		/**
		 * Base URL of the provider, absolute http or https.
		 */
		private String url;

		/**
		 * Relative share of calls in weighted selection; 0 takes the provider out of
		 * weighted selection.
		 */
		private int weight = 100;

		/**
		 * Order in priority selection, lower first; providers of equal priority keep
		 * their configured order.
		 */
		private int priority;

		/**
		 * Price of one call to the provider, in any unit common to the service's
		 * providers; strategy cost sends each call to the cheapest provider that has
		 * quota left.
		 */
		private double cost;

		/**
		 * Whether the provider takes calls.
		 */
		private boolean enabled = true;

		/**
		 * Quota of the provider (its contract's limit), shared by every instance through
		 * Redis when the application has it; a provider whose quota is spent is skipped
		 * until the next period.
		 */
		private final Quota quota = new Quota();

		/**
		 * Free-form settings of the provider, available as Provider.metadata() (for
		 * example, references to API keys).
		 */
		private Map<String, String> metadata = new LinkedHashMap<>();

		/**
		 * Credentials the provider's callbacks to this application are verified with.
		 */
		private final Callback callback = new Callback();

		/**
		 * How requests to the provider are authenticated: API key, bearer token or HMAC
		 * signature.
		 */
		private final Auth auth = new Auth();

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public String getUrl() {
			return this.url;
		}

		public void setUrl(String url) {
			this.url = url;
		}

		public int getWeight() {
			return this.weight;
		}

		public void setWeight(int weight) {
			this.weight = weight;
		}

		public int getPriority() {
			return this.priority;
		}

		public void setPriority(int priority) {
			this.priority = priority;
		}

		public double getCost() {
			return this.cost;
		}

		public void setCost(double cost) {
			this.cost = cost;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Quota getQuota() {
			return this.quota;
		}

		public Map<String, String> getMetadata() {
			return this.metadata;
		}

		public void setMetadata(Map<String, String> metadata) {
			this.metadata = metadata;
		}

		public Callback getCallback() {
			return this.callback;
		}

		public Auth getAuth() {
			return this.auth;
		}

	}

	/**
	 * Credentials of one provider's callbacks,
	 * {@code third-party.<service>.providers[].callback}. A callback is accepted from the
	 * provider only when every credential set here verifies: the token when {@code token}
	 * is set, the signature, timestamp and nonce when {@code secret} is set. A provider
	 * with neither cannot call back.
	 */
	public static class Callback {

		/**
		 * Shared token the provider sends in the callback token header; compared in
		 * constant time. Take it from the environment, e.g. ${PAY_CALLBACK_TOKEN}.
		 */
		private String token;

		/**
		 * Shared secret of the HMAC the provider signs its callbacks with (over
		 * timestamp, nonce and raw body). Take it from the environment, e.g.
		 * ${PAY_CALLBACK_SECRET}.
		 */
		private String secret;

		/**
		 * Addresses or CIDR blocks the provider's callbacks may come from; empty means
		 * any.
		 */
		private List<String> allowedSources = new ArrayList<>();

		public String getToken() {
			return this.token;
		}

		public void setToken(String token) {
			this.token = token;
		}

		public String getSecret() {
			return this.secret;
		}

		public void setSecret(String secret) {
			this.secret = secret;
		}

		public List<String> getAllowedSources() {
			return this.allowedSources;
		}

		public void setAllowedSources(List<String> allowedSources) {
			this.allowedSources = allowedSources;
		}

		/**
		 * Returns whether the provider has any callback credential.
		 * @return {@code true} when a token or a secret is set
		 */
		public boolean hasCredentials() {
			return this.token != null || this.secret != null;
		}

		@Override
		public String toString() {
			return "Callback[token=" + ((this.token != null) ? "******" : "none") + ", secret="
					+ ((this.secret != null) ? "******" : "none") + ", allowedSources=" + this.allowedSources + "]";
		}

	}

	/**
	 * Authentication of requests to one provider,
	 * {@code third-party.<service>.providers[].auth}; applied by the starter's request
	 * signers to requests sent to the provider's URL during an attempt on that provider.
	 */
	public static class Auth {

		/**
		 * How requests are authenticated.
		 */
		private AuthType type = AuthType.NONE;

		/**
		 * Header that carries the API key (type api-key, or hmac with a key set).
		 */
		private String headerName = "X-Api-Key";

		/**
		 * API key sent in the API key header. Take it from the environment, e.g.
		 * ${SMS_API_KEY}.
		 */
		private String key;

		/**
		 * Bearer token sent as "Authorization: Bearer <token>" (type bearer).
		 */
		private String token;

		/**
		 * Shared secret of the HMAC request signature (type hmac).
		 */
		private String secret;

		/**
		 * JCA name of the HMAC algorithm (type hmac).
		 */
		private String algorithm = "HmacSHA256";

		/**
		 * Encoding of the signature (type hmac).
		 */
		private SignatureEncoding encoding = SignatureEncoding.HEX;

		/**
		 * Header that carries the signature (type hmac).
		 */
		private String signatureHeader = "X-Signature";

		/**
		 * Header that carries the signing time, in seconds since the epoch (type hmac).
		 */
		private String timestampHeader = "X-Timestamp";

		/**
		 * Header that carries the random nonce of each request (type hmac).
		 */
		private String nonceHeader = "X-Nonce";

		public AuthType getType() {
			return this.type;
		}

		public void setType(AuthType type) {
			this.type = type;
		}

		public String getHeaderName() {
			return this.headerName;
		}

		public void setHeaderName(String headerName) {
			this.headerName = headerName;
		}

		public String getKey() {
			return this.key;
		}

		public void setKey(String key) {
			this.key = key;
		}

		public String getToken() {
			return this.token;
		}

		public void setToken(String token) {
			this.token = token;
		}

		public String getSecret() {
			return this.secret;
		}

		public void setSecret(String secret) {
			this.secret = secret;
		}

		public String getAlgorithm() {
			return this.algorithm;
		}

		public void setAlgorithm(String algorithm) {
			this.algorithm = algorithm;
		}

		public SignatureEncoding getEncoding() {
			return this.encoding;
		}

		public void setEncoding(SignatureEncoding encoding) {
			this.encoding = encoding;
		}

		public String getSignatureHeader() {
			return this.signatureHeader;
		}

		public void setSignatureHeader(String signatureHeader) {
			this.signatureHeader = signatureHeader;
		}

		public String getTimestampHeader() {
			return this.timestampHeader;
		}

		public void setTimestampHeader(String timestampHeader) {
			this.timestampHeader = timestampHeader;
		}

		public String getNonceHeader() {
			return this.nonceHeader;
		}

		public void setNonceHeader(String nonceHeader) {
			this.nonceHeader = nonceHeader;
		}

		@Override
		public String toString() {
			return "Auth[type=" + this.type + ", headerName=" + this.headerName + ", algorithm=" + this.algorithm
					+ ", credentials="
					+ ((this.key != null || this.token != null || this.secret != null) ? "******" : "none") + "]";
		}

	}

	/**
	 * Retry and failover, {@code third-party.<service>.retry}.
	 */
	public static class Retry {

		/**
		 * Maximum number of attempts of one call, the first included, across all
		 * providers.
		 */
		private int maxAttempts = 3;

		/**
		 * Wait before the first retry that reuses a provider; failover to a provider not
		 * yet tried in the call does not wait.
		 */
		private Duration backoff = Duration.ofMillis(100);

		/**
		 * Factor applied to the wait after each retry.
		 */
		private double multiplier = 2.0;

		/**
		 * Random spread of each wait, as a fraction of it (0.2 means plus or minus 20%).
		 */
		private double jitter = 0.2;

		/**
		 * Longest wait between attempts, also the cap on a vendor's Retry-After.
		 */
		private Duration maxBackoff = Duration.ofSeconds(10);

		/**
		 * Exceptions that are neither retried nor counted as provider failures; they
		 * reach the caller unchanged.
		 */
		private List<Class<? extends Throwable>> ignoreExceptions = new ArrayList<>();

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getBackoff() {
			return this.backoff;
		}

		public void setBackoff(Duration backoff) {
			this.backoff = backoff;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public List<Class<? extends Throwable>> getIgnoreExceptions() {
			return this.ignoreExceptions;
		}

		public void setIgnoreExceptions(List<Class<? extends Throwable>> ignoreExceptions) {
			this.ignoreExceptions = ignoreExceptions;
		}

	}

	/**
	 * Circuit breaker of each provider, {@code third-party.<service>.circuit-breaker};
	 * one Resilience4j breaker per provider, named {@code <service>.<provider>}.
	 */
	public static class CircuitBreaker {

		/**
		 * Whether each provider has a circuit breaker.
		 */
		private boolean enabled = true;

		/**
		 * Failure rate, in percent, at or above which the breaker opens.
		 */
		private float failureRateThreshold = 50;

		/**
		 * Rate of slow calls, in percent, at or above which the breaker opens.
		 */
		private float slowCallRateThreshold = 100;

		/**
		 * Duration above which a call counts as slow.
		 */
		private Duration slowCallDuration = Duration.ofSeconds(60);

		/**
		 * Number of most recent calls the rates are computed over.
		 */
		private int slidingWindowSize = 20;

		/**
		 * Number of calls needed before the rates are computed.
		 */
		private int minimumCalls = 10;

		/**
		 * Time an open breaker stays open before letting probe calls through.
		 */
		private Duration waitInOpen = Duration.ofSeconds(30);

		/**
		 * Number of probe calls let through while half-open.
		 */
		private int halfOpenCalls = 3;

		/**
		 * Number of failed calls in a row that opens the breaker at once, whatever the
		 * failure rate; 0 leaves opening to the failure and slow-call rates alone.
		 */
		private int consecutiveFailures;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public float getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public void setFailureRateThreshold(float failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public float getSlowCallRateThreshold() {
			return this.slowCallRateThreshold;
		}

		public void setSlowCallRateThreshold(float slowCallRateThreshold) {
			this.slowCallRateThreshold = slowCallRateThreshold;
		}

		public Duration getSlowCallDuration() {
			return this.slowCallDuration;
		}

		public void setSlowCallDuration(Duration slowCallDuration) {
			this.slowCallDuration = slowCallDuration;
		}

		public int getSlidingWindowSize() {
			return this.slidingWindowSize;
		}

		public void setSlidingWindowSize(int slidingWindowSize) {
			this.slidingWindowSize = slidingWindowSize;
		}

		public int getMinimumCalls() {
			return this.minimumCalls;
		}

		public void setMinimumCalls(int minimumCalls) {
			this.minimumCalls = minimumCalls;
		}

		public Duration getWaitInOpen() {
			return this.waitInOpen;
		}

		public void setWaitInOpen(Duration waitInOpen) {
			this.waitInOpen = waitInOpen;
		}

		public int getHalfOpenCalls() {
			return this.halfOpenCalls;
		}

		public void setHalfOpenCalls(int halfOpenCalls) {
			this.halfOpenCalls = halfOpenCalls;
		}

		public int getConsecutiveFailures() {
			return this.consecutiveFailures;
		}

		public void setConsecutiveFailures(int consecutiveFailures) {
			this.consecutiveFailures = consecutiveFailures;
		}

	}

	/**
	 * Rate limit of each provider, {@code third-party.<service>.rate-limit}; off unless
	 * {@code limit} is set.
	 */
	public static class RateLimit {

		/**
		 * Calls allowed per period and provider; 0 means no limit.
		 */
		private int limit;

		/**
		 * Period the limit applies to.
		 */
		private Duration period = Duration.ofSeconds(1);

		/**
		 * How long a call waits for a permit before the provider counts as unavailable
		 * for it.
		 */
		private Duration timeout = Duration.ZERO;

		public int getLimit() {
			return this.limit;
		}

		public void setLimit(int limit) {
			this.limit = limit;
		}

		public Duration getPeriod() {
			return this.period;
		}

		public void setPeriod(Duration period) {
			this.period = period;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Quota of one provider, {@code third-party.<service>.providers[].quota}: at most
	 * {@code limit} requests per {@code period}, counted in fixed windows that start at
	 * multiples of the period since the epoch (UTC), so every instance agrees on them.
	 * Off unless {@code limit} is set.
	 */
	public static class Quota {

		/**
		 * Requests allowed per period, every instance together; unset means no quota.
		 */
		private Long limit;

		/**
		 * Length of the fixed windows the limit applies to.
		 */
		private Duration period = Duration.ofSeconds(1);

		public Long getLimit() {
			return this.limit;
		}

		public void setLimit(Long limit) {
			this.limit = limit;
		}

		public Duration getPeriod() {
			return this.period;
		}

		public void setPeriod(Duration period) {
			this.period = period;
		}

		/**
		 * Returns whether a quota is set.
		 * @return {@code true} when {@code limit} is set
		 */
		public boolean isActive() {
			return this.limit != null;
		}

	}

	/**
	 * Quota of a whole service, {@code third-party.<service>.quota}: at most
	 * {@code limit} requests per {@code period} to all its providers together; a call
	 * that finds it spent fails at once with a {@code ThirdPartyException} of kind
	 * {@code QUOTA_EXHAUSTED}. Its {@code local-share} also applies to the quotas of the
	 * service's providers.
	 */
	public static class ServiceQuota extends Quota {

		/** Local share used unless set. */
		public static final double DEFAULT_LOCAL_SHARE = 0.5;

		/**
		 * Share of each quota of the service (its own and its providers') that one
		 * instance allows itself while Redis is unreachable, at least one request per
		 * period; 0.5 suits two instances, 1/n suits n.
		 */
		private double localShare = DEFAULT_LOCAL_SHARE;

		public double getLocalShare() {
			return this.localShare;
		}

		public void setLocalShare(double localShare) {
			this.localShare = localShare;
		}

	}

	/**
	 * Concurrent-call limit of each provider, {@code third-party.<service>.bulkhead}; off
	 * unless {@code max-concurrent} is set.
	 */
	public static class Bulkhead {

		/**
		 * Calls allowed in flight at once per provider; 0 means no limit.
		 */
		private int maxConcurrent;

		public int getMaxConcurrent() {
			return this.maxConcurrent;
		}

		public void setMaxConcurrent(int maxConcurrent) {
			this.maxConcurrent = maxConcurrent;
		}

	}

	/**
	 * HTTP client settings of one service, {@code third-party.<service>.http}: every
	 * request the starter's clients send to the service's providers is bounded by them,
	 * so a vendor that accepts the connection and never answers cannot hold a caller.
	 */
	public static class Http {

		/**
		 * Time to wait for a connection to a provider to be established.
		 */
		private Duration connectTimeout = Duration.ofSeconds(2);

		/**
		 * Time to wait for a provider's answer once the request is sent.
		 */
		private Duration readTimeout = Duration.ofSeconds(10);

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

	}

	/**
	 * Active health checks of each provider, {@code third-party.<service>.health-check}:
	 * an HTTP GET to the provider's url followed by {@code path}. Off unless {@code path}
	 * is set.
	 */
	public static class HealthCheck {

		/**
		 * Whether providers are checked; checks run only when a path is set as well.
		 */
		private boolean enabled = true;

		/**
		 * Path appended to each provider's url for the check, for example /health.
		 */
		private String path;

		/**
		 * Time between two checks of a provider.
		 */
		private Duration interval = Duration.ofSeconds(10);

		/**
		 * Time a check waits for the answer before counting as failed.
		 */
		private Duration timeout = Duration.ofSeconds(2);

		/**
		 * Number of passed checks in a row that brings a provider taken out by checks
		 * back.
		 */
		private int healthyThreshold = 2;

		/**
		 * Number of failed checks in a row that takes a provider out of selection.
		 */
		private int unhealthyThreshold = 3;

		/**
		 * HTTP statuses of a passed check; empty means any 2xx.
		 */
		private List<Integer> expectedStatus = new ArrayList<>();

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

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public int getHealthyThreshold() {
			return this.healthyThreshold;
		}

		public void setHealthyThreshold(int healthyThreshold) {
			this.healthyThreshold = healthyThreshold;
		}

		public int getUnhealthyThreshold() {
			return this.unhealthyThreshold;
		}

		public void setUnhealthyThreshold(int unhealthyThreshold) {
			this.unhealthyThreshold = unhealthyThreshold;
		}

		public List<Integer> getExpectedStatus() {
			return this.expectedStatus;
		}

		public void setExpectedStatus(List<Integer> expectedStatus) {
			this.expectedStatus = expectedStatus;
		}

		/**
		 * Returns whether checks run: enabled and a path set.
		 * @return {@code true} when providers are checked
		 */
		public boolean isActive() {
			return this.enabled && this.path != null && !this.path.isBlank();
		}

		/**
		 * Returns whether an HTTP status counts as a passed check.
		 * @param status the status of the answer
		 * @return {@code true} when the check passed
		 */
		public boolean isExpected(int status) {
			return this.expectedStatus.isEmpty() ? (status >= 200 && status < 300)
					: this.expectedStatus.contains(status);
		}

	}

	/**
	 * Cache of the service's results, {@code third-party.<service>.cache}. Each result is
	 * stored under {@code <service>:<key>:<version>}, the key coming from
	 * {@code @ThirdPartyCall(key)}. The cache is on when {@code ttl} is set, unless
	 * {@code enabled} is {@code false}.
	 */
	public static class Cache {

		/** Time-to-live used when the cache is enabled without a ttl. */
		public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

		/**
		 * Whether results of the service are cached. Unset means cached when a ttl is
		 * set.
		 */
		private Boolean enabled;

		/**
		 * How long a stored result is fresh. Setting it turns the cache on; 5m when the
		 * cache is enabled without a ttl.
		 */
		private Duration ttl;

		/**
		 * Version that ends every key; changing it makes every older entry unreachable at
		 * once.
		 */
		private String version = "v1";

		/**
		 * How long past its ttl an entry is kept and served, marked stale, when every
		 * provider fails; 0 serves no stale entry.
		 */
		private Duration staleIfError = Duration.ZERO;

		/**
		 * Window before expiry in which a read reloads the entry in the background, so
		 * that hot keys never expire on a reader; 0 turns refresh-ahead off.
		 */
		private Duration refreshAhead = Duration.ZERO;

		/**
		 * Most entries kept in memory for the service (the Caffeine cache, or the first
		 * level of the two-level cache); the least used are evicted beyond it.
		 */
		private long maxEntries = 10_000;

		/**
		 * Whether a null result is cached like any other.
		 */
		private boolean cacheNulls;

		/**
		 * Scheduled bulk load of the service's entries by its @ThirdPartyPull method.
		 */
		private final Pull pull = new Pull();

		/**
		 * One vendor call per missed key across every instance sharing the Redis cache.
		 */
		private final SingleFlight singleFlight = new SingleFlight();

		public Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(Boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public String getVersion() {
			return this.version;
		}

		public void setVersion(String version) {
			this.version = version;
		}

		public Duration getStaleIfError() {
			return this.staleIfError;
		}

		public void setStaleIfError(Duration staleIfError) {
			this.staleIfError = staleIfError;
		}

		public Duration getRefreshAhead() {
			return this.refreshAhead;
		}

		public void setRefreshAhead(Duration refreshAhead) {
			this.refreshAhead = refreshAhead;
		}

		public long getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(long maxEntries) {
			this.maxEntries = maxEntries;
		}

		public boolean isCacheNulls() {
			return this.cacheNulls;
		}

		public void setCacheNulls(boolean cacheNulls) {
			this.cacheNulls = cacheNulls;
		}

		public Pull getPull() {
			return this.pull;
		}

		public SingleFlight getSingleFlight() {
			return this.singleFlight;
		}

		/**
		 * Returns whether results are cached: {@code enabled}, or unset with a ttl.
		 * @return {@code true} when the service's results are cached
		 */
		public boolean active() {
			return (this.enabled != null) ? this.enabled : this.ttl != null;
		}

		/**
		 * Returns the ttl in force: the configured one, or {@link #DEFAULT_TTL}.
		 * @return the ttl
		 */
		public Duration effectiveTtl() {
			return (this.ttl != null) ? this.ttl : DEFAULT_TTL;
		}

	}

	/**
	 * Cluster single flight of a service's cache,
	 * {@code third-party.<service>.cache.single-flight}: with the {@code redis} or
	 * {@code two-level} backend, the instance that misses a key first takes a lease on it
	 * in Redis and calls the vendor; the other instances wait for its entry. Each
	 * instance makes one load per key in any case; without Redis (Caffeine backend, or
	 * Redis down) that is all.
	 */
	public static class SingleFlight {

		/**
		 * Whether instances sharing the Redis cache take a lease before loading a missed
		 * key.
		 */
		private boolean cluster = true;

		/**
		 * How long a loader's lease lasts unless it is released when the entry is stored;
		 * it expires by itself when the loader dies. Longer than a load takes (the
		 * service's timeout times its attempts), so that a slow load is not duplicated.
		 */
		private Duration lease = Duration.ofSeconds(10);

		/**
		 * Longest an instance waits for another instance's load of a key before it calls
		 * the vendor itself; 0 never waits (a key leased elsewhere is loaded at once).
		 */
		private Duration wait = Duration.ofSeconds(5);

		public boolean isCluster() {
			return this.cluster;
		}

		public void setCluster(boolean cluster) {
			this.cluster = cluster;
		}

		public Duration getLease() {
			return this.lease;
		}

		public void setLease(Duration lease) {
			this.lease = lease;
		}

		public Duration getWait() {
			return this.wait;
		}

		public void setWait(Duration wait) {
			this.wait = wait;
		}

	}

	/**
	 * Scheduled bulk load of a service's cache, {@code third-party.<service>.cache.pull}:
	 * how often the service's {@code @ThirdPartyPull} method runs. Rounds are aligned to
	 * the clock, so with Redis every instance agrees on them and only one runs each.
	 */
	public static class Pull {

		/**
		 * Time between two pulls; rounds start at multiples of it since the epoch, and
		 * once at startup.
		 */
		private Duration interval;

		/**
		 * Cron expression of the pulls, instead of an interval; a round also runs at
		 * startup.
		 */
		private String cron;

		/**
		 * Time zone of the cron expression; the system default when unset.
		 */
		private String zone;

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public String getCron() {
			return this.cron;
		}

		public void setCron(String cron) {
			this.cron = cron;
		}

		public String getZone() {
			return this.zone;
		}

		public void setZone(String zone) {
			this.zone = zone;
		}

	}

}
