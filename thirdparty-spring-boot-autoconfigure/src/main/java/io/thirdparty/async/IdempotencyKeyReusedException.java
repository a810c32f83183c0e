package io.thirdparty.async;

/**
 * Thrown when a task or queued call is submitted with an idempotency key that an earlier
 * request of the same task type (or service) used with other parameters. The earlier task
 * is not revealed: a key names one request, and this is another.
 */
public class IdempotencyKeyReusedException extends IllegalArgumentException {

	private final String name;

	private final String idempotencyKey;

	/**
	 * Creates the exception.
	 * @param name the type of the task, or the service of the call
	 * @param idempotencyKey the key given
	 */
	public IdempotencyKeyReusedException(String name, String idempotencyKey) {
		super("Idempotency key '" + idempotencyKey + "' was already used for '" + name
				+ "' with different parameters; a key identifies one request, so give this one a new key");
		this.name = name;
		this.idempotencyKey = idempotencyKey;
	}

	/**
	 * Returns the type of the task, or the service of the call.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the key that was reused.
	 * @return the key
	 */
	public String idempotencyKey() {
		return this.idempotencyKey;
	}

}
