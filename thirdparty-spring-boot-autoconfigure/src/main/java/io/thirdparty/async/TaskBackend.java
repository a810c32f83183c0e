package io.thirdparty.async;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.thirdparty.TaskStatus;

/**
 * Where queued calls and tasks wait and where their state is kept: Redis Streams and
 * hashes ({@link RedisTaskBackend}) or this JVM's memory ({@link InMemoryTaskBackend}).
 * The producer side submits and reads state; the worker side receives deliveries, claims
 * abandoned ones and settles each one exactly once (success, dead letter or
 * acknowledgement of finished work).
 */
public interface TaskBackend {

	/**
	 * Records a task and queues its message, unless the message has an idempotency key
	 * and a task with the same store key and fingerprint is already retained.
	 * @param message the message, with a fresh task id
	 * @return the id of the task that does the work: the message's for a new task, the
	 * earlier task's otherwise
	 * @throws IdempotencyKeyReusedException when a retained task has the same store key
	 * but another fingerprint
	 */
	String submit(TaskMessage message);

	/**
	 * Returns a task's state.
	 * @param taskId the task's id
	 * @return the state, or empty when not retained
	 */
	Optional<TaskRecord> find(String taskId);

	/**
	 * Returns whether tasks survive a restart of this instance.
	 * @return {@code true} for a durable store
	 */
	boolean durable();

	/**
	 * Returns whether workers of other processes read the same queue, possibly of another
	 * version of the application or another application, so that a message this process
	 * cannot run may be left for one that can. Without that, such a message is given up
	 * at once.
	 * @return {@code true} for a queue shared between processes; {@code false} by default
	 */
	default boolean shared() {
		return false;
	}

	/**
	 * Prepares to receive deliveries (creates the consumer group). Called when the worker
	 * starts.
	 */
	void openConsumer();

	/**
	 * Releases what receiving needed. Called when the worker stops, after every delivery
	 * it held was settled or handed back.
	 */
	void closeConsumer();

	/**
	 * Waits for new messages.
	 * @param max most messages to take
	 * @param timeout longest wait
	 * @return the deliveries, possibly none
	 */
	List<TaskDelivery> poll(int max, Duration timeout);

	/**
	 * Takes over messages that another consumer received and then stopped reporting on
	 * for longer than the claim timeout.
	 * @param max most messages to take
	 * @param excluded ids of deliveries never taken: those this worker holds, and those
	 * it cannot run and has left for another worker
	 * @return the deliveries taken over
	 */
	List<TaskDelivery> claimAbandoned(int max, Collection<String> excluded);

	/**
	 * Counts a new run of a delivery's task.
	 * @param delivery the delivery
	 * @return the task's state after counting; a finished task is not counted
	 */
	Start begin(TaskDelivery delivery);

	/**
	 * Records a task's result and removes its message.
	 * @param delivery the delivery
	 * @param result the result as JSON
	 */
	void succeed(TaskDelivery delivery, String result);

	/**
	 * Records the failure of a run that will be retried; the message stays with this
	 * worker.
	 * @param delivery the delivery
	 * @param error what went wrong
	 */
	void recordFailure(TaskDelivery delivery, String error);

	/**
	 * Gives a task up: marks it failed, moves its message to the dead letters with the
	 * error and removes it from the queue.
	 * @param delivery the delivery
	 * @param error the last error
	 * @param attempts how many times it ran
	 */
	void deadLetter(TaskDelivery delivery, String error, int attempts);

	/**
	 * Removes a message whose work is already finished, without touching the task's
	 * state.
	 * @param delivery the delivery
	 */
	void acknowledge(TaskDelivery delivery);

	/**
	 * Extends this worker's hold on deliveries it is running or will retry, so that no
	 * other instance claims them.
	 * @param held the deliveries
	 * @return ids of deliveries another consumer has taken meanwhile
	 */
	Set<String> keepAlive(Collection<TaskDelivery> held);

	/**
	 * Gives deliveries back so that any worker, of any instance, can take them at once.
	 * @param held the deliveries
	 */
	void handBack(Collection<TaskDelivery> held);

	/**
	 * The state of a task as a run begins.
	 *
	 * @param status the task's status; a finished task is not run again
	 * @param attempts how many runs have started, this one included
	 * @param lastError the error of the previous run, or {@code null}
	 * @param unsettled how many earlier runs began and never reported an outcome (the
	 * worker died, lost its claim or was stopped mid-run), so their request may have
	 * reached the vendor
	 */
	record Start(TaskStatus status, int attempts, String lastError, int unsettled) {

		/**
		 * Returns whether the task's work is already done.
		 * @return {@code true} for a task that succeeded or was given up
		 */
		public boolean finished() {
			return this.status != TaskStatus.PROCESSING;
		}

	}

}
