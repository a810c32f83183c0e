package io.thirdparty.async;

/**
 * Thrown when a queued call or task could not be recorded (the task store did not
 * answer), so the work was not accepted and nothing will run it.
 */
public class TaskSubmissionException extends RuntimeException {

	private final String name;

	/**
	 * Creates the exception.
	 * @param name the service of the call or the type of the task
	 * @param cause why recording failed
	 */
	public TaskSubmissionException(String name, Throwable cause) {
		super("Could not queue work for '" + name + "': the task store failed (" + cause.getMessage()
				+ "); nothing was accepted, so it is safe to try again", cause);
		this.name = name;
	}

	/**
	 * Returns the service of the call or the type of the task.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

}
