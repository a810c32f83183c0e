package io.thirdparty.async;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.thirdparty.TaskState;
import io.thirdparty.TaskStatus;
import io.thirdparty.ThirdPartyTasks;
import io.thirdparty.test.AsyncRunner;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.NotificationClient;
import io.thirdparty.test.NotificationClient.Notification;
import io.thirdparty.test.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Queued {@code @ThirdPartyCall}s on a real Redis: recorded on a stream, run by the
 * worker through the pipeline, retried, dead-lettered, deduplicated.
 */
class QueuedCallTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor vendor = this.vendors.start("provider_a");

	private final String prefix = RedisServers.uniquePrefix("queued");

	private final ApplicationContextRunner runner = AsyncRunner
		.service(AsyncRunner.redis(this.prefix), "sms", this.vendor)
		.withBean(NotificationClient.class);

	@AfterEach
	void stop() {
		this.vendor.release();
		RedisServers.deleteKeys(this.prefix);
	}

	@Test
	void queuedCallReturnsBeforeTheVendorAnswersAndTheVendorReceivesItOnce() {
		this.vendor.hold();
		this.runner.run((context) -> {
			String taskId = context.getBean(NotificationClient.class).send(new Notification("n-1", "alice", "hello"));
			ThirdPartyTasks tasks = context.getBean(ThirdPartyTasks.class);
			assertThat(tasks.check(taskId)).map(TaskState::status).contains(TaskStatus.PROCESSING);
			this.vendor.release();
			TaskState done = awaitFinished(tasks, taskId);
			assertThat(done.status()).isEqualTo(TaskStatus.SUCCESS);
			assertThat(done.result()).isEqualTo("{\"vendor\":\"provider_a\"}");
			assertThat(this.vendor.requests()).isEqualTo(1);
			assertThat(this.vendor.idempotencyKeys()).hasSize(1);
			assertThat(queueLength(context.getBean(StringRedisTemplate.class))).isZero();
		});
	}

	@Test
	void voidQueuedCallRunsToo() {
		this.runner.run((context) -> {
			context.getBean(NotificationClient.class).fireAndForget(new Notification("n-1", "alice", "hello"));
			await().atMost(Duration.ofSeconds(10)).until(() -> this.vendor.requests() == 1);
		});
	}

	@Test
	void sameIdempotencyKeyRunsTheWorkOnce() {
		this.vendor.hold();
		this.runner.run((context) -> {
			NotificationClient client = context.getBean(NotificationClient.class);
			String first = client.sendOnce(new Notification("order-7", "alice", "shipped"));
			String second = client.sendOnce(new Notification("order-7", "alice", "shipped"));
			assertThat(second).isEqualTo(first);
			this.vendor.release();
			assertThat(awaitFinished(context.getBean(ThirdPartyTasks.class), first).status())
				.isEqualTo(TaskStatus.SUCCESS);
			String third = client.sendOnce(new Notification("order-7", "alice", "shipped"));
			assertThat(third).isEqualTo(first);
			assertThat(this.vendor.requests()).isEqualTo(1);
			assertThat(this.vendor.idempotencyKeys()).containsExactly("order-7");
		});
	}

	@Test
	void vendorFailingEveryTimeEndsInTheDeadLetterStreamWithTheError() {
		this.vendor.status(500);
		this.runner.withPropertyValues("third-party.sms.retry.max-attempts=1", "third-party.async.max-deliveries=3")
			.run((context) -> {
				String taskId = context.getBean(NotificationClient.class).send(new Notification("n-1", "bob", "hi"));
				TaskState failed = awaitFinished(context.getBean(ThirdPartyTasks.class), taskId);
				assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
				assertThat(failed.error()).contains("ThirdPartyException").contains("500");
				assertThat(this.vendor.requests()).isEqualTo(3);
				StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
				List<MapRecord<String, Object, Object>> dead = redis.opsForStream()
					.range(this.prefix + "dead", Range.unbounded());
				assertThat(dead).hasSize(1);
				Map<Object, Object> letter = dead.get(0).getValue();
				assertThat(letter).containsEntry("id", taskId)
					.containsEntry("name", "sms")
					.containsEntry("attempts", "3")
					.containsEntry("error", failed.error());
				assertThat(queueLength(redis)).isZero();
			});
	}

	@Test
	void callersOwnErrorIsNotRetried() {
		this.vendor.status(400);
		this.runner.withPropertyValues("third-party.async.max-deliveries=3").run((context) -> {
			String taskId = context.getBean(NotificationClient.class).send(new Notification("n-1", "bob", "hi"));
			TaskState failed = awaitFinished(context.getBean(ThirdPartyTasks.class), taskId);
			assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
			assertThat(failed.error()).contains("400");
			assertThat(this.vendor.requests()).isEqualTo(1);
		});
	}

	@Test
	void redeliveryOfFinishedWorkIsAcknowledgedWithoutCallingTheVendor() {
		this.runner.run((context) -> {
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			String taskId = context.getBean(NotificationClient.class).send(new Notification("n-1", "carol", "hi"));
			assertThat(awaitFinished(context.getBean(ThirdPartyTasks.class), taskId).status())
				.isEqualTo(TaskStatus.SUCCESS);
			Map<String, String> again = Map.of("id", taskId, "kind", "CALL", "name", "sms", "bean",
					"notificationClient", "method", "send(" + Notification.class.getName() + ")", "args",
					"[{\"id\":\"n-1\",\"to\":\"carol\",\"text\":\"hi\"}]", "key", "redelivered", "enqueued", "0");
			redis.opsForStream().add(StreamRecords.newRecord().in(this.prefix + "queue").ofMap(again));
			await().atMost(Duration.ofSeconds(10)).until(() -> queueLength(redis) == 0);
			assertThat(this.vendor.requests()).isEqualTo(1);
		});
	}

	private long queueLength(StringRedisTemplate redis) {
		Long length = redis.opsForStream().size(this.prefix + "queue");
		return (length != null) ? length : 0;
	}

	static TaskState awaitFinished(ThirdPartyTasks tasks, String taskId) {
		return await().atMost(Duration.ofSeconds(20))
			.until(() -> tasks.check(taskId),
					(state) -> state.isPresent() && state.get().status() != TaskStatus.PROCESSING)
			.orElseThrow();
	}

	static Optional<TaskState> state(ThirdPartyTasks tasks, String taskId) {
		return tasks.check(taskId);
	}

}
