package io.thirdparty.async;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.PendingMessage;
import org.springframework.data.redis.connection.stream.PendingMessages;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.thirdparty.TaskState;
import io.thirdparty.TaskStatus;
import io.thirdparty.ThirdPartyTask;
import io.thirdparty.ThirdPartyTasks;
import io.thirdparty.test.AsyncRunner;
import io.thirdparty.test.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker that does not declare a task type (another version of the application during a
 * rolling deploy, on one Redis) leaves such a task for a worker that does: it neither
 * runs, counts, fails nor dead-letters it, and does not take it again and again; only a
 * task no instance took within {@code unknown-type-timeout} is given up.
 */
class UnknownTaskTypeTests {

	private final String prefix = RedisServers.uniquePrefix("unknown-type");

	/** The old version: knows task type x only. */
	private final ApplicationContextRunner one = AsyncRunner.redis(this.prefix)
		.withBean(XTasks.class)
		.withPropertyValues("third-party.async.claim-timeout=2s");

	/** The new version: knows task type y. */
	private final ApplicationContextRunner two = AsyncRunner.redis(this.prefix)
		.withBean(YTasks.class)
		.withPropertyValues("third-party.async.claim-timeout=2s");

	@AfterEach
	void deleteKeys() {
		RedisServers.deleteKeys(this.prefix);
	}

	@Test
	void taskOfATypeOnlyAnotherInstanceDeclaresIsLeftForItAndCompletedByIt() {
		this.one.run((first) -> {
			String taskId = submitY(first.getBean(TaskBackend.class), "j-1");
			StringRedisTemplate redis = first.getBean(StringRedisTemplate.class);
			await("handed back by the worker that does not know y").atMost(Duration.ofSeconds(20))
				.until(() -> pendingWith(redis, RedisTaskBackend.HANDED_BACK) == 1);
			// claimed every 500 ms by a worker that wanted it: left alone by the one that
			// cannot run it
			await().during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(10))
				.until(() -> deliveries(redis) == 1 && pendingWith(redis, RedisTaskBackend.HANDED_BACK) == 1);
			ThirdPartyTasks tasksOfOne = first.getBean(ThirdPartyTasks.class);
			assertThat(tasksOfOne.check(taskId)).map(TaskState::status).contains(TaskStatus.PROCESSING);
			assertThat(redis.opsForHash().get(this.prefix + "task:" + taskId, "attempts")).isEqualTo("0");

			this.two.run((second) -> {
				TaskState done = QueuedCallTests.awaitFinished(second.getBean(ThirdPartyTasks.class), taskId);
				assertThat(done.status()).isEqualTo(TaskStatus.SUCCESS);
				assertThat(done.result()).isEqualTo("done j-1");
				assertThat(second.getBean(YTasks.class).runs()).isEqualTo(1);
				assertThat(redis.opsForHash().get(this.prefix + "task:" + taskId, "attempts")).isEqualTo("1");
			});
			assertThat(redis.opsForStream().size(this.prefix + "dead")).isZero();
			assertThat(redis.opsForStream().size(this.prefix + "queue")).isZero();

			String own = tasksOfOne.start("x", new Job("j-2")).taskId();
			assertThat(QueuedCallTests.awaitFinished(tasksOfOne, own).status()).isEqualTo(TaskStatus.SUCCESS);
		});
	}

	@Test
	void bothInstancesRunningEachRunsOnlyItsOwnTypes() {
		this.one.run((first) -> this.two.run((second) -> {
			ThirdPartyTasks tasksOfOne = first.getBean(ThirdPartyTasks.class);
			ThirdPartyTasks tasksOfTwo = second.getBean(ThirdPartyTasks.class);
			TaskBackend queueOfOne = first.getBean(TaskBackend.class);
			String[] ys = new String[10];
			String[] xs = new String[10];
			for (int i = 0; i < 10; i++) {
				ys[i] = submitY(queueOfOne, "y-" + i);
				xs[i] = tasksOfOne.start("x", new Job("x-" + i)).taskId();
			}
			for (int i = 0; i < 10; i++) {
				assertThat(QueuedCallTests.awaitFinished(tasksOfTwo, ys[i]).status()).isEqualTo(TaskStatus.SUCCESS);
				assertThat(QueuedCallTests.awaitFinished(tasksOfOne, xs[i]).status()).isEqualTo(TaskStatus.SUCCESS);
			}
			assertThat(second.getBean(YTasks.class).runs()).isEqualTo(10);
			assertThat(first.getBean(XTasks.class).runs()).isEqualTo(10);
			assertThat(first.getBean(StringRedisTemplate.class).opsForStream().size(this.prefix + "dead")).isZero();
		}));
	}

	@Test
	void taskNoInstanceTakesWithinTheUnknownTypeTimeoutIsDeadLettered() {
		this.one.withPropertyValues("third-party.async.unknown-type-timeout=3s").run((first) -> {
			String taskId = submitY(first.getBean(TaskBackend.class), "j-1");
			TaskState failed = QueuedCallTests.awaitFinished(first.getBean(ThirdPartyTasks.class), taskId);
			assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
			assertThat(failed.error()).startsWith("Not run: no instance that declares it took it within PT3S")
				.contains("No @ThirdPartyTask(\"y\")");
			StringRedisTemplate redis = first.getBean(StringRedisTemplate.class);
			assertThat(redis.opsForStream().size(this.prefix + "dead")).isOne();
			assertThat(redis.opsForStream().size(this.prefix + "queue")).isZero();
		});
	}

	@Test
	void queueOfThisProcessOnlyGivesUpAnUnknownTypeAtOnce() {
		AsyncRunner.inMemory().withBean(XTasks.class).run((context) -> {
			String taskId = submitY(context.getBean(TaskBackend.class), "j-1");
			TaskState failed = QueuedCallTests.awaitFinished(context.getBean(ThirdPartyTasks.class), taskId);
			assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
			assertThat(failed.error()).contains("it cannot run in this application");
		});
	}

	/** Queues a task of type y as an instance that declares it would. */
	private static String submitY(TaskBackend backend, String id) {
		String arguments = "[{\"id\":\"" + id + "\"}]";
		return backend.submit(new TaskMessage(UUID.randomUUID().toString(), TaskMessage.Kind.TASK, "y", "yTasks",
				"run(" + Job.class.getName() + ")", arguments, null,
				TaskMessage.fingerprint(TaskMessage.Kind.TASK, "y", "", "", arguments), System.currentTimeMillis()));
	}

	private long pendingWith(StringRedisTemplate redis, String consumer) {
		PendingMessages pending = redis.opsForStream()
			.pending(this.prefix + "queue", "thirdparty-workers", Range.unbounded(), 10);
		return pending.stream().filter((message) -> message.getConsumerName().equals(consumer)).count();
	}

	private long deliveries(StringRedisTemplate redis) {
		PendingMessages pending = redis.opsForStream()
			.pending(this.prefix + "queue", "thirdparty-workers", Range.unbounded(), 10);
		return pending.stream().mapToLong(PendingMessage::getTotalDeliveryCount).sum();
	}

	/**
	 * A task's parameter.
	 *
	 * @param id the job
	 */
	record Job(String id) {
	}

	static class XTasks {

		private final AtomicInteger runs = new AtomicInteger();

		@ThirdPartyTask(value = "x", idempotent = true)
		public String run(Job job) {
			this.runs.incrementAndGet();
			return "done " + job.id();
		}

		int runs() {
			return this.runs.get();
		}

	}

	static class YTasks {

		private final AtomicInteger runs = new AtomicInteger();

		@ThirdPartyTask(value = "y", idempotent = true)
		public String run(Job job) {
			this.runs.incrementAndGet();
			return "done " + job.id();
		}

		int runs() {
			return this.runs.get();
		}

	}

}
