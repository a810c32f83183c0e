package io.thirdparty.async;

import java.util.Optional;

import io.thirdparty.TaskState;
import io.thirdparty.ThirdPartyTasks;

/**
 * The task API over the {@link TaskSubmitter}.
 */
public class DefaultThirdPartyTasks implements ThirdPartyTasks {

	private final TaskSubmitter submitter;

	/**
	 * Creates the task API.
	 * @param submitter records tasks and reads their state
	 */
	public DefaultThirdPartyTasks(TaskSubmitter submitter) {
		this.submitter = submitter;
	}

	@Override
	public TaskState start(String taskType, Object params) {
		return this.submitter.submitTask(taskType, params, null);
	}

	@Override
	public TaskState start(String taskType, Object params, String idempotencyKey) {
		return this.submitter.submitTask(taskType, params, idempotencyKey);
	}

	@Override
	public Optional<TaskState> check(String taskId) {
		return this.submitter.check(taskId);
	}

}
