package io.thirdparty;

/**
 * Thrown by a provider's adapter to say what a vendor's answer means for the call, in the
 * vendor's own terms (its error code) rather than as an HTTP exception: a business error
 * not worth retrying anywhere, a failure to retry on another provider, or a request that
 * never reached the vendor. <pre class="code">
 * if ("isv.MOBILE_NUMBER_ILLEGAL".equals(answer.code())) {
 *     throw VendorException.businessError(answer.code(), answer.message());
 * }
 * </pre>
 */
public class VendorException extends RuntimeException {

	/**
	 * What a vendor's failure means for the call.
	 */
	public enum Kind {

		/**
		 * The vendor refused the request for a reason another vendor would share (an
		 * invalid phone number, a rejected template): not retried, not counted against
		 * the provider's breaker; it reaches the caller unchanged, without the fallback.
		 */
		BUSINESS_ERROR,

		/**
		 * The vendor failed (overloaded, an internal error in its own format): counted by
		 * the breaker and retried on another provider, unless the call is not idempotent.
		 */
		RETRY_ELSEWHERE,

		/**
		 * The request certainly did not reach the vendor (refused before it was sent):
		 * counted by the breaker and retried on another provider, also for a call that is
		 * not idempotent.
		 */
		NOT_DELIVERED

	}

	private final Kind kind;

	private final String code;

	/**
	 * Creates an exception.
	 * @param kind what the failure means for the call
	 * @param code the vendor's error code, or {@code null}
	 * @param message the description
	 * @param cause the cause, or {@code null}
	 */
	public VendorException(Kind kind, String code, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
		this.code = code;
	}

	/**
	 * Returns a business error: not retried, reaches the caller.
	 * @param code the vendor's error code
	 * @param message the description
	 * @return the exception
	 */
	public static VendorException businessError(String code, String message) {
		return new VendorException(Kind.BUSINESS_ERROR, code, message, null);
	}

	/**
	 * Returns a vendor failure to retry on another provider.
	 * @param code the vendor's error code
	 * @param message the description
	 * @return the exception
	 */
	public static VendorException retryElsewhere(String code, String message) {
		return new VendorException(Kind.RETRY_ELSEWHERE, code, message, null);
	}

	/**
	 * Returns a failure of a request that never reached the vendor.
	 * @param message the description
	 * @param cause the cause, or {@code null}
	 * @return the exception
	 */
	public static VendorException notDelivered(String message, Throwable cause) {
		return new VendorException(Kind.NOT_DELIVERED, null, message, cause);
	}

	/**
	 * Returns what the failure means for the call.
	 * @return the kind
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * Returns the vendor's error code.
	 * @return the code, or {@code null}
	 */
	public String code() {
		return this.code;
	}

}
