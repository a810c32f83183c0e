package io.thirdparty.async;

/**
 * Thrown when a task is started with parameters that do not convert to the task method's
 * parameter type.
 */
public class InvalidTaskParametersException extends IllegalArgumentException {

	/**
	 * Creates the exception.
	 * @param message what does not fit
	 * @param cause the conversion failure
	 */
	public InvalidTaskParametersException(String message, Throwable cause) {
		super(message, cause);
	}

}
