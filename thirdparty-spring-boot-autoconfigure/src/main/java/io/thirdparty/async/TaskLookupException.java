package io.thirdparty.async;

/**
 * Thrown when a task's state could not be read because the task store did not answer:
 * whether the task exists, and how far it got, is unknown, so it is safe to ask again.
 */
public class TaskLookupException extends RuntimeException {

	private final String taskId;

	/**
	 * Creates the exception.
	 * @param taskId the task asked about
	 * @param cause why reading failed
	 */
	public TaskLookupException(String taskId, Throwable cause) {
		super("Could not read the state of task " + taskId + ": the task store failed (" + cause.getMessage()
				+ "); try again", cause);
		this.taskId = taskId;
	}

	/**
	 * Returns the task asked about.
	 * @return its id
	 */
	public String taskId() {
		return this.taskId;
	}

}
