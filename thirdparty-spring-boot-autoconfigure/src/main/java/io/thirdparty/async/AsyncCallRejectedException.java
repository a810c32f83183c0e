package io.thirdparty.async;

import java.util.concurrent.RejectedExecutionException;

/**
 * Thrown to the caller of an asynchronous {@code @ThirdPartyCall} when the executor has
 * no room for it: every thread is busy and the waiting queue is full, or the application
 * is stopping.
 */
public class AsyncCallRejectedException extends RejectedExecutionException {

	private final String service;

	/**
	 * Creates the exception.
	 * @param service the service the call was for
	 * @param reason why the executor refused, e.g. how full it was
	 * @param cause the executor's rejection
	 */
	public AsyncCallRejectedException(String service, String reason, RejectedExecutionException cause) {
		super("Asynchronous call to third-party service '" + service + "' refused: " + reason, cause);
		this.service = service;
	}

	/**
	 * Returns the service the call was for.
	 * @return the service name
	 */
	public String service() {
		return this.service;
	}

}
