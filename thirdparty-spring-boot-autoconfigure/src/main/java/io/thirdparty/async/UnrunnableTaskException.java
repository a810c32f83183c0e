package io.thirdparty.async;

/**
 * Thrown by a worker when a message cannot be run at all (its task type, bean or method
 * no longer exists, or its arguments no longer read as the method's parameters). Retrying
 * cannot help, so the message goes to the dead letters at once, except that on a queue
 * shared with other processes a message whose task type, bean or method this application
 * does not declare is left for a worker that does (see {@link TaskWorker}).
 */
public class UnrunnableTaskException extends RuntimeException {

	/**
	 * Creates the exception.
	 * @param message what cannot be run
	 */
	public UnrunnableTaskException(String message) {
		super(message);
	}

	/**
	 * Creates the exception.
	 * @param message what cannot be run
	 * @param cause why
	 */
	public UnrunnableTaskException(String message, Throwable cause) {
		super(message, cause);
	}

}
