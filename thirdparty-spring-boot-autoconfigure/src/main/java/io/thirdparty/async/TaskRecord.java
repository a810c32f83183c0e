package io.thirdparty.async;

import io.thirdparty.TaskStatus;

/**
 * The stored state of a task.
 *
 * @param taskId the task's id
 * @param status where it stands
 * @param result its result as JSON, or {@code null}
 * @param error its last error, or {@code null}
 * @param attempts how many times it has started to run
 */
public record TaskRecord(String taskId, TaskStatus status, String result, String error, int attempts) {
}
