package io.thirdparty.callback;

import org.springframework.http.ProblemDetail;

import io.thirdparty.web.Problems;

/**
 * Why a callback was refused, with the HTTP status it is answered with and the
 * {@code error} and {@code reason} of the answer, a problem of type
 * {@code urn:thirdparty:problem:<error>}. The texts name what failed, never a credential
 * or what it should have been.
 */
public enum CallbackRefusal {

	/** Not HTTPS, directly or through a trusted proxy. */
	INSECURE_TRANSPORT(403, "insecure-transport", "callbacks are accepted over HTTPS only"),

	/** Too many requests from the source address. */
	TOO_MANY_FROM_SOURCE(429, "too-many-from-source", "too many callbacks from this address"),

	/** Body larger than {@code third-party.callbacks.max-body-size}. */
	BODY_TOO_LARGE(413, "body-too-large", "the callback body is larger than allowed"),

	/** The service is unknown or none of its providers has callback credentials. */
	NOT_CONFIGURED(403, "callbacks-not-configured", "this service accepts no callbacks"),

	/** The provider path variable names no provider of the service. */
	UNKNOWN_PROVIDER(401, "unknown-provider", "no provider of this service has that name"),

	/** The source address is not among the provider's allowed sources. */
	SOURCE_NOT_ALLOWED(403, "source-not-allowed", "the provider may not call back from this address"),

	/** Token header missing, repeated or wrong. */
	INVALID_TOKEN(401, "invalid-token", "the callback token is missing or wrong"),

	/** Timestamp header missing, repeated or not seconds since the epoch. */
	INVALID_TIMESTAMP(401, "invalid-timestamp", "the callback timestamp is missing or malformed"),

	/**
	 * Nonce header missing, repeated, too long or with characters other than visible
	 * ASCII.
	 */
	INVALID_NONCE(401, "invalid-nonce", "the callback nonce is missing or malformed"),

	/**
	 * Signature header missing, repeated, not in the configured encoding, or not
	 * matching.
	 */
	INVALID_SIGNATURE(401, "invalid-signature", "the callback signature is missing or does not match"),

	/**
	 * Signed timestamp further from the clock than the tolerance. Answered 401 rather
	 * than 408: the request is not a slow one to be sent again as it is, but a signature
	 * no longer valid.
	 */
	STALE_TIMESTAMP(401, "stale-timestamp", "the callback timestamp is outside the accepted window"),

	/** Too many verified callbacks from the provider. */
	TOO_MANY_FROM_PROVIDER(429, "too-many-from-provider", "too many callbacks from this provider"),

	/** The nonce was already used within the window. */
	REPLAYED_NONCE(409, "replayed-nonce", "the callback nonce was already used");

	private final int status;

	private final String error;

	private final String reason;

	CallbackRefusal(int status, String error, String reason) {
		this.status = status;
		this.error = error;
		this.reason = reason;
	}

	/**
	 * Returns the HTTP status of the answer.
	 * @return the status
	 */
	public int status() {
		return this.status;
	}

	/**
	 * Returns the short code of the refusal, the answer's {@code error} and the metric's
	 * {@code outcome}.
	 * @return the code
	 */
	public String error() {
		return this.error;
	}

	/**
	 * Returns the explanation, the answer's {@code reason} and {@code detail}.
	 * @return the explanation
	 */
	public String reason() {
		return this.reason;
	}

	/**
	 * Returns the answer to the refused callback.
	 * @return the problem, of type {@code urn:thirdparty:problem:<error>}
	 */
	public ProblemDetail problem() {
		return Problems.of(this.status, this.error, this.reason, this.reason);
	}

}
