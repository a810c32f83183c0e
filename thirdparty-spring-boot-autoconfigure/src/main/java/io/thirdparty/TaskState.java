package io.thirdparty;

import java.util.Objects;

/**
 * The state of a queued call or task, as {@link ThirdPartyTasks} reports it.
 *
 * @param taskId the task's id, random and not guessable
 * @param status where the task stands
 * @param result what the task returned, as plain JSON values ({@code Map}, {@code List},
 * {@code String}, {@code Number}, {@code Boolean}), or {@code null} unless
 * {@link TaskStatus#SUCCESS}
 * @param error why the task failed, or {@code null} unless {@link TaskStatus#FAILED}
 */
public record TaskState(String taskId, TaskStatus status, Object result, String error) {

	public TaskState {
		Objects.requireNonNull(taskId, "taskId");
		Objects.requireNonNull(status, "status");
	}

	/**
	 * Returns the state of a task that has just been accepted.
	 * @param taskId the task's id
	 * @return the state
	 */
	public static TaskState processing(String taskId) {
		return new TaskState(taskId, TaskStatus.PROCESSING, null, null);
	}

}
