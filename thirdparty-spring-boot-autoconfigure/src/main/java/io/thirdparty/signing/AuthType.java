package io.thirdparty.signing;

/**
 * How requests to a provider are authenticated,
 * {@code third-party.<service>.providers[].auth.type}.
 */
public enum AuthType {

	/** Requests are sent as they are. */
	NONE,

	/** An API key in a header ({@code auth.header-name}, default {@code X-Api-Key}). */
	API_KEY,

	/** {@code Authorization: Bearer <auth.token>}. */
	BEARER,

	/**
	 * An HMAC signature over timestamp, nonce, method, path and body, with the timestamp
	 * and nonce in their own headers; see {@link ProviderAuthenticator}.
	 */
	HMAC

}
