package io.thirdparty;

import java.util.Map;

/**
 * The settings of the provider a {@link ThirdPartyProvider} adapter is tied to, as
 * configured now: the adapter takes it as a constructor (or {@code @Bean} method)
 * parameter and reads it on each call, so a live reload that changes the provider's url,
 * metadata or credentials is seen by the next call. <pre class="code">
 * AliyunSms(ProviderSettings settings, RestClient.Builder rest) { ... }
 * ... rest.post().uri(settings.url() + "/v2/sms").header("X-Api-Key", settings.credentials().key()) ...
 * </pre> Inside an attempt {@link ThirdPartyContext#provider()} names the same provider.
 */
public interface ProviderSettings {

	/**
	 * Returns the provider as currently configured.
	 * @return the provider
	 */
	Provider provider();

	/**
	 * Returns the provider's credentials, from
	 * {@code third-party.<service>.providers[i].auth}.
	 * @return the credentials, never {@code null}
	 */
	Credentials credentials();

	/**
	 * Returns the provider's configured base URL.
	 * @return the url
	 */
	default String url() {
		return provider().url();
	}

	/**
	 * Returns the provider's free-form settings.
	 * @return the metadata
	 */
	default Map<String, String> metadata() {
		return provider().metadata();
	}

	/**
	 * A provider's credentials; {@link #toString()} prints none of them.
	 *
	 * @param key API key ({@code auth.key}), or {@code null}
	 * @param token bearer token ({@code auth.token}), or {@code null}
	 * @param secret HMAC secret ({@code auth.secret}), or {@code null}
	 * @param headerName header that carries the API key ({@code auth.header-name})
	 */
	record Credentials(String key, String token, String secret, String headerName) {

		@Override
		public String toString() {
			return "Credentials[key=" + mask(this.key) + ", token=" + mask(this.token) + ", secret=" + mask(this.secret)
					+ "]";
		}

		private static String mask(String value) {
			return (value != null) ? "******" : "none";
		}

	}

}
