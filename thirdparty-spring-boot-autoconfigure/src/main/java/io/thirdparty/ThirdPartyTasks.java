package io.thirdparty;

import java.util.Optional;

/**
 * Starts tasks of the types declared with {@link ThirdPartyTask} and reports the state of
 * any task, including queued {@link ThirdPartyCall}s. Injected as a bean.
 * <p>
 * Each start is new work unless the caller gives an idempotency key: two identical
 * payments started without a key are two tasks. With a key, starting again with the same
 * task type, key and parameters returns the task already started instead of running the
 * work again, for as long as the task is retained ({@code third-party.async.retention});
 * the same key with other parameters is refused with an
 * {@code IdempotencyKeyReusedException} (in {@code io.thirdparty.async}), never answered
 * with the other request's task.
 */
public interface ThirdPartyTasks {

	/**
	 * Starts a task without an idempotency key: always new work.
	 * @param taskType the task type, as named by {@link ThirdPartyTask#value()}
	 * @param params the parameters, converted by Jackson to the task method's parameter
	 * type
	 * @return the new task's state, {@link TaskStatus#PROCESSING}
	 * @throws IllegalArgumentException when no task has that type or the parameters do
	 * not convert to the method's parameter type
	 */
	TaskState start(String taskType, Object params);

	/**
	 * Starts a task with the given idempotency key.
	 * @param taskType the task type, as named by {@link ThirdPartyTask#value()}
	 * @param params the parameters, converted by Jackson to the task method's parameter
	 * type
	 * @param idempotencyKey the key that identifies this piece of work, or {@code null}
	 * for new work that is not deduplicated
	 * @return the task's state: {@link TaskStatus#PROCESSING} for a new task, the current
	 * state of the earlier task with the same key and parameters otherwise
	 * @throws IllegalArgumentException when no task has that type or the parameters do
	 * not convert to the method's parameter type, or (an
	 * {@code IdempotencyKeyReusedException}) when the key was used with other parameters
	 */
	TaskState start(String taskType, Object params, String idempotencyKey);

	/**
	 * Returns the state of a task or queued call.
	 * @param taskId the task's id
	 * @return the state, or empty when no task has that id (or it is no longer retained)
	 * @throws RuntimeException (a {@code TaskLookupException}, in
	 * {@code io.thirdparty.async}) when the task store does not answer, so the state is
	 * unknown
	 */
	Optional<TaskState> check(String taskId);

}
