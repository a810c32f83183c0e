package io.thirdparty.callback;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import io.thirdparty.Provider;
import io.thirdparty.config.ServiceProperties.Callback;
import io.thirdparty.config.ServiceProperties.ProviderProperties;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.signing.Hmac;

/**
 * Decides whether a callback is accepted, checking in this order: transport, rate per
 * source address, body size, provider and allowed sources, credentials (token, then
 * timestamp, nonce and signature), freshness, rate per provider, and last the nonce, so
 * that neither a forged nor a rate-limited request uses up a nonce or a provider's
 * permits.
 * <p>
 * The signature is the HMAC, with the provider's {@code callback.secret}, of
 * {@code timestamp + "\n" + nonce + "\n" + body}, the body being the raw bytes received.
 */
public class CallbackVerifier {

	private static final int MAX_TIMESTAMP_DIGITS = 12;

	private static final int MAX_NONCE_LENGTH = 128;

	private final CallbackSettings settings;

	private final ServiceRegistry services;

	private final RequestOrigins origins;

	private final CallbackRateLimiters rateLimiters;

	private final NonceStore nonces;

	private final Clock clock;

	/**
	 * Creates a verifier.
	 * @param settings the callback settings, read on each request
	 * @param services the services, read on each request for the providers' current
	 * secrets
	 * @param origins works out each request's transport and source address
	 * @param rateLimiters the rate limiters
	 * @param nonces remembers nonces
	 * @param clock the clock the timestamps are compared with
	 */
	public CallbackVerifier(CallbackSettings settings, ServiceRegistry services, RequestOrigins origins,
			CallbackRateLimiters rateLimiters, NonceStore nonces, Clock clock) {
		this.settings = settings;
		this.services = services;
		this.origins = origins;
		this.rateLimiters = rateLimiters;
		this.nonces = nonces;
		this.clock = clock;
	}

	/**
	 * Verifies a callback.
	 * @param serviceName the service of the endpoint
	 * @param providerName the provider named by the request's path, or {@code null} to
	 * try each provider
	 * @param request the request
	 * @param raw the request's raw body
	 * @return the verdict
	 */
	public Verdict verify(String serviceName, String providerName, HttpServletRequest request, CallbackRequest raw) {
		CallbackProperties properties = this.settings.current().properties();
		RequestOrigin origin = this.origins.resolve(request);
		if (properties.isRequireHttps() && !origin.secure()) {
			return Verdict.refused(CallbackRefusal.INSECURE_TRANSPORT, null);
		}
		if (!this.rateLimiters.acquireForSource(origin.address())) {
			return Verdict.refused(CallbackRefusal.TOO_MANY_FROM_SOURCE, null);
		}
		if (raw.isTooLarge()) {
			return Verdict.refused(CallbackRefusal.BODY_TOO_LARGE, null);
		}
		ServiceDefinition service = this.services.get(serviceName);
		if (service == null) {
			return Verdict.refused(CallbackRefusal.NOT_CONFIGURED, null);
		}
		List<ProviderProperties> candidates = new ArrayList<>();
		for (ProviderProperties provider : service.settings().getProviders()) {
			if ((providerName == null || providerName.equals(provider.getName()))
					&& provider.getCallback().hasCredentials()) {
				candidates.add(provider);
			}
		}
		if (candidates.isEmpty()) {
			return Verdict.refused(
					(providerName != null) ? CallbackRefusal.UNKNOWN_PROVIDER : CallbackRefusal.NOT_CONFIGURED, null);
		}
		candidates.removeIf((provider) -> !allows(provider.getCallback(), origin.inetAddress()));
		if (candidates.isEmpty()) {
			return Verdict.refused(CallbackRefusal.SOURCE_NOT_ALLOWED, providerName);
		}
		Credentials credentials = Credentials.read(request, properties);
		byte[] body = raw.body();
		ProviderProperties matched = null;
		CallbackRefusal closest = null;
		for (ProviderProperties candidate : candidates) {
			CallbackRefusal refusal = check(properties, candidate.getCallback(), credentials, body);
			if (refusal == null) {
				matched = candidate;
				break;
			}
			// refusals are declared in the order of the checks: report the one that got
			// furthest
			if (closest == null || refusal.ordinal() > closest.ordinal()) {
				closest = refusal;
			}
		}
		if (matched == null) {
			return Verdict.refused(closest, (candidates.size() == 1) ? candidates.get(0).getName() : null);
		}
		String name = matched.getName();
		boolean signed = matched.getCallback().getSecret() != null;
		if (signed && !fresh(properties, credentials.timestamp)) {
			return Verdict.refused(CallbackRefusal.STALE_TIMESTAMP, name);
		}
		Provider provider = provider(service, name);
		if (!this.rateLimiters.acquireForProvider(provider.id())) {
			return Verdict.refused(CallbackRefusal.TOO_MANY_FROM_PROVIDER, name);
		}
		if (signed && !this.nonces.claim(serviceName + ":" + name + ":" + credentials.nonce,
				properties.getTolerance().multipliedBy(2))) {
			return Verdict.refused(CallbackRefusal.REPLAYED_NONCE, name);
		}
		return new Verdict(provider, null, name);
	}

	/**
	 * Returns the retry delay to announce with a rate-limit refusal.
	 * @param refusal the refusal
	 * @return seconds to wait
	 */
	public long retryAfterSeconds(CallbackRefusal refusal) {
		return this.rateLimiters.retryAfterSeconds(refusal);
	}

	private static CallbackRefusal check(CallbackProperties properties, Callback callback, Credentials credentials,
			byte[] body) {
		if (callback.getToken() != null) {
			if (credentials.token == null || !constantTimeEquals(callback.getToken(), credentials.token)) {
				return CallbackRefusal.INVALID_TOKEN;
			}
		}
		if (callback.getSecret() != null) {
			if (credentials.timestamp == null) {
				return CallbackRefusal.INVALID_TIMESTAMP;
			}
			if (credentials.nonce == null) {
				return CallbackRefusal.INVALID_NONCE;
			}
			byte[] signature = (credentials.signature != null) ? properties.getEncoding().decode(credentials.signature)
					: null;
			if (signature == null || !new Hmac(properties.getAlgorithm(), callback.getSecret()).verify(signature,
					utf8(credentials.timestampText), utf8(credentials.nonce), body)) {
				return CallbackRefusal.INVALID_SIGNATURE;
			}
		}
		return null;
	}

	private boolean fresh(CallbackProperties properties, Long timestamp) {
		long now = this.clock.instant().getEpochSecond();
		return Math.abs(now - timestamp) <= properties.getTolerance().getSeconds();
	}

	private static boolean allows(Callback callback, InetAddress source) {
		if (callback.getAllowedSources().isEmpty()) {
			return true;
		}
		if (source == null) {
			return false;
		}
		for (String block : callback.getAllowedSources()) {
			if (AddressBlock.parse(block).contains(source)) {
				return true;
			}
		}
		return false;
	}

	private static Provider provider(ServiceDefinition service, String name) {
		for (Provider provider : service.providers()) {
			if (provider.name().equals(name)) {
				return provider;
			}
		}
		throw new IllegalStateException("Provider " + name + " of " + service.name() + " has no definition");
	}

	/**
	 * Compares digests, so that neither the content nor the length of the token leaks
	 * through timing.
	 */
	private static boolean constantTimeEquals(String expected, String actual) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			byte[] expectedDigest = sha256.digest(utf8(expected));
			byte[] actualDigest = sha256.digest(utf8(actual));
			return MessageDigest.isEqual(expectedDigest, actualDigest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The outcome of a verification.
	 *
	 * @param provider the verified provider, or {@code null} when refused
	 * @param refusal why it was refused, or {@code null} when accepted
	 * @param providerTag the configured provider the request named or was verified as,
	 * for metrics and logs, or {@code null} when none
	 */
	public record Verdict(Provider provider, CallbackRefusal refusal, String providerTag) {

		static Verdict refused(CallbackRefusal refusal, String providerTag) {
			return new Verdict(null, refusal, providerTag);
		}

		/**
		 * Returns whether the callback was accepted.
		 * @return {@code true} when accepted
		 */
		public boolean accepted() {
			return this.refusal == null;
		}

	}

	/**
	 * The credential headers of a request, each {@code null} when missing, repeated or
	 * malformed.
	 */
	private static final class Credentials {

		private String token;

		private String signature;

		private String timestampText;

		private Long timestamp;

		private String nonce;

		static Credentials read(HttpServletRequest request, CallbackProperties properties) {
			Credentials credentials = new Credentials();
			credentials.token = single(request, properties.getTokenHeader());
			credentials.signature = single(request, properties.getSignatureHeader());
			String timestamp = single(request, properties.getTimestampHeader());
			if (timestamp != null && !timestamp.isEmpty() && timestamp.length() <= MAX_TIMESTAMP_DIGITS
					&& timestamp.chars().allMatch((c) -> c >= '0' && c <= '9')) {
				credentials.timestampText = timestamp;
				credentials.timestamp = Long.parseLong(timestamp);
			}
			String nonce = single(request, properties.getNonceHeader());
			if (nonce != null && !nonce.isEmpty() && nonce.length() <= MAX_NONCE_LENGTH
					&& nonce.chars().allMatch((c) -> c > 0x20 && c < 0x7F)) {
				credentials.nonce = nonce;
			}
			return credentials;
		}

		/**
		 * The header's one value; {@code null} when it is missing or sent more than once.
		 */
		private static String single(HttpServletRequest request, String header) {
			Enumeration<String> values = request.getHeaders(header);
			if (values == null) {
				return null;
			}
			List<String> all = Collections.list(values);
			return (all.size() == 1) ? all.get(0).trim() : null;
		}

	}

}
