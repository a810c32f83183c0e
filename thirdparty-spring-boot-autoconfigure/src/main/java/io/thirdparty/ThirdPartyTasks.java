package io.thirdparty;

import java.util.Optional;

/**
 * Starts tasks of the types declared with {@link ThirdPartyTask} and reports the state of any
 * task, including queued {@link ThirdPartyCall}s. Injected as a bean.
 * <p>
 * Starting is idempotent: the same task type with the same idempotency key (given, or derived
 * from the parameters when none is given) returns the task already started instead of running
 * the work again, for as long as the task is retained ({@code third-party.async.retention}).
 */
public interface ThirdPartyTasks {

	/**
	 * Starts a task, its idempotency key derived from the type and the parameters.
	 * @param taskType the task type, as named by {@link ThirdPartyTask#value()}
	 * @param params the parameters, converted by Jackson to the task method's parameter type
	 * @return the task's state: {@link TaskStatus#PROCESSING} for a new task, the current state
	 * of the earlier task with the same key otherwise
	 * @throws IllegalArgumentException when no task has that type or the parameters do not
	 * convert to the method's parameter type
	 */
	TaskState start(String taskType, Object params);

	/**
	 * Starts a task with the given idempotency key.
	 * @param taskType the task type, as named by {@link ThirdPartyTask#value()}
	 * @param params the parameters, converted by Jackson to the task method's parameter type
	 * @param idempotencyKey the key that identifies this piece of work, or {@code null} to
	 * derive it from the parameters
	 * @return the task's state: {@link TaskStatus#PROCESSING} for a new task, the current state
	 * of the earlier task with the same key otherwise
	 * @throws IllegalArgumentException when no task has that type or the parameters do not
	 * convert to the method's parameter type
	 */
	TaskState start(String taskType, Object params, String idempotencyKey);

	/**
	 * Returns the state of a task or queued call.
	 * @param taskId the task's id
	 * @return the state, or empty when no task has that id (or it is no longer retained)
	 */
	Optional<TaskState> check(String taskId);

}
