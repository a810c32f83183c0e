package io.thirdparty.signing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;

import io.thirdparty.Provider;
import io.thirdparty.config.ServiceProperties.Auth;
import io.thirdparty.config.ServiceProperties.ProviderProperties;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;

/**
 * Adds a provider's credentials to a request sent to it, as configured under
 * {@code third-party.<service>.providers[].auth}: an API key header, a bearer token, or
 * an HMAC signature.
 * <p>
 * An HMAC signature is computed with {@code auth.secret} over
 * {@code timestamp + "\n" + nonce + "\n" + METHOD + "\n" + path[?query] + "\n" + body},
 * where the timestamp is in seconds since the epoch, the nonce is 32 random hexadecimal
 * characters, the path and query are as sent (still percent-encoded) and the body is the
 * exact bytes sent; the three values go in {@code auth.signature-header},
 * {@code auth.timestamp-header} and {@code auth.nonce-header}. When {@code auth.key} is
 * set too, it is sent in {@code auth.header-name} to name the account.
 * <p>
 * Credentials are only ever added to requests whose URL lies under the provider's
 * configured URL (same scheme, host, port and base path), so a request to another host
 * made during an attempt never carries them. The settings are read from the current
 * {@link ServiceRegistry} on each request, so a reload with rotated secrets applies at
 * once.
 */
public class ProviderAuthenticator {

	private static final Log logger = LogFactory.getLog(ProviderAuthenticator.class);

	private final ServiceRegistry services;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	/**
	 * Creates an authenticator.
	 * @param services the services, for each provider's settings
	 * @param clock the clock of the signing timestamps
	 */
	public ProviderAuthenticator(ServiceRegistry services, Clock clock) {
		this.services = services;
		this.clock = clock;
	}

	/**
	 * Returns the authentication settings to apply to a request sent during an attempt on
	 * a provider.
	 * @param provider the provider of the attempt
	 * @param uri the URL of the request
	 * @return the settings, or {@code null} when none apply: the provider has no
	 * authentication, no longer exists, or the request does not go to its URL
	 */
	public Auth settingsFor(Provider provider, URI uri) {
		ServiceDefinition service = this.services.get(provider.service());
		if (service == null) {
			return null;
		}
		for (ProviderProperties candidate : service.settings().getProviders()) {
			if (provider.name().equals(candidate.getName())) {
				Auth auth = candidate.getAuth();
				if (auth.getType() == AuthType.NONE) {
					return null;
				}
				if (!targets(candidate.getUrl(), uri)) {
					if (logger.isDebugEnabled()) {
						logger.debug("Not authenticating a request to " + uri.getHost() + " made during an attempt on "
								+ provider.id() + ": it does not go to the provider's URL");
					}
					return null;
				}
				return auth;
			}
		}
		return null;
	}

	/**
	 * Adds the credentials to a request's headers, replacing any already there.
	 * @param auth the settings, from {@link #settingsFor(Provider, URI)}
	 * @param method the request's method
	 * @param uri the request's URL
	 * @param body the exact bytes of the request's body (empty when none)
	 * @param headers the request's headers
	 */
	public void authenticate(Auth auth, String method, URI uri, byte[] body, HttpHeaders headers) {
		switch (auth.getType()) {
			case API_KEY -> headers.set(auth.getHeaderName(), auth.getKey());
			case BEARER -> headers.setBearerAuth(auth.getToken());
			case HMAC -> sign(auth, method, uri, body, headers);
			case NONE -> {
			}
		}
	}

	private void sign(Auth auth, String method, URI uri, byte[] body, HttpHeaders headers) {
		String timestamp = Long.toString(this.clock.instant().getEpochSecond());
		byte[] nonceBytes = new byte[16];
		this.random.nextBytes(nonceBytes);
		String nonce = HexFormat.of().formatHex(nonceBytes);
		String target = (uri.getRawQuery() != null) ? rawPath(uri) + "?" + uri.getRawQuery() : rawPath(uri);
		byte[] signature = new Hmac(auth.getAlgorithm(), auth.getSecret()).sign(utf8(timestamp), utf8(nonce),
				utf8(method.toUpperCase(Locale.ROOT)), utf8(target), body);
		headers.set(auth.getTimestampHeader(), timestamp);
		headers.set(auth.getNonceHeader(), nonce);
		headers.set(auth.getSignatureHeader(), auth.getEncoding().encode(signature));
		if (auth.getKey() != null) {
			headers.set(auth.getHeaderName(), auth.getKey());
		}
	}

	/**
	 * Returns whether a request URL lies under a provider's base URL.
	 * @param baseUrl the provider's configured URL
	 * @param uri the request's URL
	 * @return {@code true} for the same scheme, host and port, and a path under the base
	 * path
	 */
	static boolean targets(String baseUrl, URI uri) {
		URI base = URI.create(baseUrl);
		if (base.getScheme() == null || uri.getScheme() == null || base.getHost() == null || uri.getHost() == null
				|| !base.getScheme().equalsIgnoreCase(uri.getScheme())
				|| !base.getHost().equalsIgnoreCase(uri.getHost()) || port(base) != port(uri)) {
			return false;
		}
		String basePath = rawPath(base);
		if (basePath.endsWith("/")) {
			basePath = basePath.substring(0, basePath.length() - 1);
		}
		String path = rawPath(uri);
		return path.equals(basePath) || path.startsWith(basePath + "/") || basePath.isEmpty();
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	private static String rawPath(URI uri) {
		String path = uri.getRawPath();
		return (path == null || path.isEmpty()) ? "/" : path;
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
