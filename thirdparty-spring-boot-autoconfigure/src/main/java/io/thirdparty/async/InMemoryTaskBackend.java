package io.thirdparty.async;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.thirdparty.TaskStatus;

/**
 * Queued calls and tasks kept in this JVM: the embedded default when the application has
 * no Redis. Same behaviour as {@link RedisTaskBackend} within one instance, but not
 * durable (a restart loses what was waiting) and not shared between instances.
 */
public class InMemoryTaskBackend implements TaskBackend {

	private final LinkedBlockingDeque<TaskDelivery> queue = new LinkedBlockingDeque<>();

	private final Map<String, Task> tasks = new HashMap<>();

	private final Map<String, Keyed> taskByStoreKey = new HashMap<>();

	private final Deque<DeadLetter> deadLetters = new ArrayDeque<>();

	private final AtomicLong deliveries = new AtomicLong();

	private final Duration retention;

	private final long deadLetterMaxLength;

	private final Clock clock;

	private long nextPurge;

	/**
	 * Creates the backend.
	 * @param retention how long a task's state and key are kept after its last change
	 * @param deadLetterMaxLength most dead letters kept
	 * @param clock the clock
	 */
	public InMemoryTaskBackend(Duration retention, long deadLetterMaxLength, Clock clock) {
		this.retention = retention;
		this.deadLetterMaxLength = deadLetterMaxLength;
		this.clock = clock;
	}

	@Override
	public synchronized String submit(TaskMessage message) {
		purgeExpired();
		if (message.deduplicated()) {
			Keyed existing = this.taskByStoreKey.get(message.storeKey());
			if (existing != null && live(existing.taskId()) != null) {
				if (!existing.fingerprint().equals(message.fingerprint())) {
					throw new IdempotencyKeyReusedException(message.name(), message.idempotencyKey());
				}
				return existing.taskId();
			}
			this.taskByStoreKey.put(message.storeKey(), new Keyed(message.taskId(), message.fingerprint()));
		}
		Task task = new Task(message.storeKey());
		task.touch(now(), this.retention);
		this.tasks.put(message.taskId(), task);
		this.queue.add(new TaskDelivery(Long.toString(this.deliveries.incrementAndGet()), message));
		return message.taskId();
	}

	@Override
	public synchronized Optional<TaskRecord> find(String taskId) {
		Task task = live(taskId);
		return (task != null) ? Optional.of(task.record(taskId)) : Optional.empty();
	}

	@Override
	public boolean durable() {
		return false;
	}

	@Override
	public void openConsumer() {
	}

	@Override
	public void closeConsumer() {
	}

	@Override
	public List<TaskDelivery> poll(int max, Duration timeout) {
		List<TaskDelivery> taken = new ArrayList<>(max);
		try {
			TaskDelivery first = this.queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (first != null) {
				taken.add(first);
				this.queue.drainTo(taken, max - 1);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return taken;
	}

	@Override
	public List<TaskDelivery> claimAbandoned(int max, Collection<String> excluded) {
		return List.of();
	}

	@Override
	public synchronized Start begin(TaskDelivery delivery) {
		Task task = live(delivery.message().taskId());
		if (task == null) {
			task = new Task(delivery.message().storeKey());
			this.tasks.put(delivery.message().taskId(), task);
		}
		if (task.status != TaskStatus.PROCESSING) {
			return new Start(task.status, task.attempts, task.error, 0);
		}
		int unsettled = task.attempts - task.settled;
		task.attempts++;
		task.touch(now(), this.retention);
		return new Start(task.status, task.attempts, task.error, unsettled);
	}

	@Override
	public synchronized void succeed(TaskDelivery delivery, String result) {
		Task task = settle(delivery);
		task.status = TaskStatus.SUCCESS;
		task.result = result;
		task.error = null;
	}

	@Override
	public synchronized void recordFailure(TaskDelivery delivery, String error) {
		Task task = settle(delivery);
		task.error = error;
		task.settled++;
	}

	@Override
	public synchronized void deadLetter(TaskDelivery delivery, String error, int attempts) {
		Task task = settle(delivery);
		task.status = TaskStatus.FAILED;
		task.error = error;
		this.deadLetters.addLast(new DeadLetter(delivery.message(), error, attempts, now()));
		while (this.deadLetters.size() > this.deadLetterMaxLength) {
			this.deadLetters.removeFirst();
		}
	}

	@Override
	public void acknowledge(TaskDelivery delivery) {
	}

	@Override
	public Set<String> keepAlive(Collection<TaskDelivery> held) {
		return Set.of();
	}

	@Override
	public void handBack(Collection<TaskDelivery> held) {
		for (TaskDelivery delivery : held) {
			this.queue.addFirst(delivery);
		}
	}

	/**
	 * Returns the tasks given up, oldest first.
	 * @return the dead letters
	 */
	public synchronized List<DeadLetter> deadLetters() {
		return List.copyOf(this.deadLetters);
	}

	/**
	 * Returns how many messages wait in the queue.
	 * @return the count
	 */
	public int waiting() {
		return this.queue.size();
	}

	private Task settle(TaskDelivery delivery) {
		Task task = this.tasks.computeIfAbsent(delivery.message().taskId(),
				(id) -> new Task(delivery.message().storeKey()));
		task.touch(now(), this.retention);
		if (task.storeKey != null) {
			this.taskByStoreKey.putIfAbsent(task.storeKey,
					new Keyed(delivery.message().taskId(), delivery.message().fingerprint()));
		}
		return task;
	}

	private Task live(String taskId) {
		Task task = this.tasks.get(taskId);
		if (task != null && task.expiresAt <= now()) {
			this.tasks.remove(taskId);
			forget(task.storeKey, taskId);
			return null;
		}
		return task;
	}

	private void purgeExpired() {
		long now = now();
		if (now < this.nextPurge) {
			return;
		}
		this.nextPurge = now + Math.min(this.retention.toMillis(), 60_000);
		for (Iterator<Map.Entry<String, Task>> it = this.tasks.entrySet().iterator(); it.hasNext();) {
			Map.Entry<String, Task> entry = it.next();
			if (entry.getValue().expiresAt <= now) {
				it.remove();
				forget(entry.getValue().storeKey, entry.getKey());
			}
		}
	}

	private void forget(String storeKey, String taskId) {
		if (storeKey != null) {
			Keyed keyed = this.taskByStoreKey.get(storeKey);
			if (keyed != null && keyed.taskId().equals(taskId)) {
				this.taskByStoreKey.remove(storeKey);
			}
		}
	}

	private long now() {
		return this.clock.millis();
	}

	/**
	 * A task given up.
	 *
	 * @param message its message
	 * @param error its last error
	 * @param attempts how many times it ran
	 * @param failedAt when it was given up, in epoch milliseconds
	 */
	public record DeadLetter(TaskMessage message, String error, int attempts, long failedAt) {
	}

	/** The task an idempotency key names, and the fingerprint of its request. */
	private record Keyed(String taskId, String fingerprint) {
	}

	private static final class Task {

		private final String storeKey;

		private TaskStatus status = TaskStatus.PROCESSING;

		private String result;

		private String error;

		private int attempts;

		private int settled;

		private long expiresAt;

		Task(String storeKey) {
			this.storeKey = storeKey;
		}

		void touch(long now, Duration retention) {
			this.expiresAt = now + retention.toMillis();
		}

		TaskRecord record(String taskId) {
			return new TaskRecord(taskId, this.status, this.result, this.error, this.attempts);
		}

	}

}
