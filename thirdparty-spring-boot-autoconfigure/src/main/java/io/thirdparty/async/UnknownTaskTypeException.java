package io.thirdparty.async;

import java.util.Set;

/**
 * Thrown when a task is started with a type no {@code @ThirdPartyTask} method declares.
 */
public class UnknownTaskTypeException extends IllegalArgumentException {

	private final String taskType;

	/**
	 * Creates the exception.
	 * @param taskType the unknown type
	 * @param known the types the application declares
	 */
	public UnknownTaskTypeException(String taskType, Set<String> known) {
		super("Unknown task type '" + taskType + "'; this application declares " + known);
		this.taskType = taskType;
	}

	/**
	 * Returns the unknown type.
	 * @return the type
	 */
	public String taskType() {
		return this.taskType;
	}

}
