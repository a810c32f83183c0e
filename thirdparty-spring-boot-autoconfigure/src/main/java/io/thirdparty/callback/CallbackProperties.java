package io.thirdparty.callback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import io.thirdparty.signing.SignatureEncoding;

/**
 * Verification of inbound vendor callbacks, {@code third-party.callbacks}: applies to
 * every controller method annotated {@code @ThirdPartyCallback}. Each provider's own
 * credentials are under {@code third-party.<service>.providers[].callback}.
 */
@ConfigurationProperties(CallbackProperties.PREFIX)
public class CallbackProperties {

	/**
	 * Prefix of the callback settings.
	 */
	public static final String PREFIX = "third-party.callbacks";

	/**
	 * Whether callbacks must arrive over HTTPS: directly, or through a trusted proxy that
	 * says so. Turn off only for local development.
	 */
	private boolean requireHttps = true;

	/**
	 * Addresses or CIDR blocks of the proxies whose forwarding headers are believed; the
	 * headers of any other peer are ignored.
	 */
	private List<String> trustedProxies = new ArrayList<>();

	/**
	 * Forwarding headers that tell the client's scheme and address when the peer is a
	 * trusted proxy: auto reads none when server.forward-headers-strategy is native or
	 * framework (the server has applied them already) or no trusted proxy is set, else
	 * X-Forwarded-*.
	 */
	private ForwardHeaders forwardHeaders = ForwardHeaders.AUTO;

	/**
	 * Header that carries the provider's callback token.
	 */
	private String tokenHeader = "X-Callback-Token";

	/**
	 * Header that carries the HMAC signature of timestamp, nonce and raw body.
	 */
	private String signatureHeader = "X-Callback-Signature";

	/**
	 * Header that carries the time the callback was signed, in seconds since the epoch.
	 */
	private String timestampHeader = "X-Callback-Timestamp";

	/**
	 * Header that carries the callback's nonce, unique within the tolerance window.
	 */
	private String nonceHeader = "X-Callback-Nonce";

	/**
	 * JCA name of the HMAC algorithm of callback signatures.
	 */
	private String algorithm = "HmacSHA256";

	/**
	 * Encoding of the callback signature.
	 */
	private SignatureEncoding encoding = SignatureEncoding.HEX;

	/**
	 * Largest difference between a callback's timestamp and the clock; older or newer
	 * signed callbacks are refused, and nonces are remembered for twice this long.
	 */
	private Duration tolerance = Duration.ofMinutes(5);

	/**
	 * Largest callback body read; a larger one is refused with 413.
	 */
	private DataSize maxBodySize = DataSize.ofKilobytes(256);

	/**
	 * Where nonces are remembered: auto uses Redis when the application has a
	 * RedisConnectionFactory, else memory.
	 */
	private NonceStoreType nonceStore = NonceStoreType.AUTO;

	/**
	 * Prefix of the Redis keys of remembered nonces.
	 */
	private String nonceKeyPrefix = "thirdparty:callback:nonce:";

	/**
	 * Most nonces remembered in memory when nonces are kept in memory.
	 */
	private long maxLocalNonces = 100_000;

	/**
	 * Rate limits of callbacks.
	 */
	private final RateLimits rateLimit = new RateLimits();

	public boolean isRequireHttps() {
		return this.requireHttps;
	}

	public void setRequireHttps(boolean requireHttps) {
		this.requireHttps = requireHttps;
	}

	public List<String> getTrustedProxies() {
		return this.trustedProxies;
	}

	public void setTrustedProxies(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies;
	}

	public ForwardHeaders getForwardHeaders() {
		return this.forwardHeaders;
	}

	public void setForwardHeaders(ForwardHeaders forwardHeaders) {
		this.forwardHeaders = forwardHeaders;
	}

	public String getTokenHeader() {
		return this.tokenHeader;
	}

	public void setTokenHeader(String tokenHeader) {
		this.tokenHeader = tokenHeader;
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

	public Duration getTolerance() {
		return this.tolerance;
	}

	public void setTolerance(Duration tolerance) {
		this.tolerance = tolerance;
	}

	public DataSize getMaxBodySize() {
		return this.maxBodySize;
	}

	public void setMaxBodySize(DataSize maxBodySize) {
		this.maxBodySize = maxBodySize;
	}

	public NonceStoreType getNonceStore() {
		return this.nonceStore;
	}

	public void setNonceStore(NonceStoreType nonceStore) {
		this.nonceStore = nonceStore;
	}

	public String getNonceKeyPrefix() {
		return this.nonceKeyPrefix;
	}

	public void setNonceKeyPrefix(String nonceKeyPrefix) {
		this.nonceKeyPrefix = nonceKeyPrefix;
	}

	public long getMaxLocalNonces() {
		return this.maxLocalNonces;
	}

	public void setMaxLocalNonces(long maxLocalNonces) {
		this.maxLocalNonces = maxLocalNonces;
	}

	public RateLimits getRateLimit() {
		return this.rateLimit;
	}

	/**
	 * Where callback nonces are remembered.
	 */
	public enum NonceStoreType {

		/** Redis when the application has a RedisConnectionFactory, else memory. */
		AUTO,

		/**
		 * Redis, shared by every instance of the application; startup fails without it.
		 */
		REDIS,

		/** Memory of this instance only. */
		LOCAL

	}

	/**
	 * Which forwarding headers a trusted proxy writes. Only one kind is read: the other
	 * is ignored, since a client can send it through a proxy that leaves it untouched.
	 */
	public enum ForwardHeaders {

		/**
		 * None when {@code server.forward-headers-strategy} is {@code native} or
		 * {@code framework}, or when no trusted proxy is set; else {@link #X_FORWARDED}.
		 */
		AUTO,

		/**
		 * RFC 7239 {@code Forwarded} ({@code for}, {@code proto}); X-Forwarded-* are
		 * ignored.
		 */
		FORWARDED,

		/**
		 * {@code X-Forwarded-For} and {@code X-Forwarded-Proto}; {@code Forwarded} is
		 * ignored.
		 */
		X_FORWARDED,

		/**
		 * No forwarding header: the peer's address and the connection's scheme decide.
		 */
		NONE

	}

	/**
	 * Rate limits of callbacks, {@code third-party.callbacks.rate-limit}.
	 */
	public static class RateLimits {

		/**
		 * Limit of verified callbacks from each provider.
		 */
		private final Limit perProvider = Limit.of(100);

		/**
		 * Limit of callback requests, verified or not, from each source address; checked
		 * before anything else is.
		 */
		private final Limit perSource = Limit.of(20);

		public Limit getPerProvider() {
			return this.perProvider;
		}

		public Limit getPerSource() {
			return this.perSource;
		}

	}

	/**
	 * One rate limit: at most {@code limit} requests per {@code period}.
	 */
	public static class Limit {

		/**
		 * Requests allowed per period; 0 means no limit.
		 */
		private int limit;

		/**
		 * Period the limit applies to.
		 */
		private Duration period = Duration.ofSeconds(1);

		static Limit of(int limit) {
			Limit result = new Limit();
			result.setLimit(limit);
			return result;
		}

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

	}

}
