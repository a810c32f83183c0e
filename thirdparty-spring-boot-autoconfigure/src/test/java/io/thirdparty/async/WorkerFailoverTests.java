package io.thirdparty.async;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
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
 * Several application contexts (instances) sharing one Redis queue: a stopped or dead
 * worker's message is taken over by another, and work spread over instances runs once
 * each.
 */
class WorkerFailoverTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor vendor = this.vendors.start("provider_a");

	private final String prefix = RedisServers.uniquePrefix("failover");

	private final ApplicationContextRunner instance = AsyncRunner
		.service(AsyncRunner.redis(this.prefix), "sms", this.vendor)
		.withBean(NotificationClient.class)
		.withPropertyValues("third-party.sms.retry.max-attempts=1", "third-party.async.claim-timeout=2s",
				"third-party.async.shutdown-timeout=200ms");

	@AfterEach
	void stop() {
		this.vendor.release();
		RedisServers.deleteKeys(this.prefix);
	}

	@Test
	void stoppingAWorkerMidCallHandsTheMessageToAnotherInstance() {
		this.vendor.hold();
		this.instance.run((first) -> {
			String taskId = first.getBean(NotificationClient.class).send(new Notification("n-1", "dave", "hello"));
			await().atMost(Duration.ofSeconds(10)).until(() -> this.vendor.requests() == 1);
			this.vendor.ok();
			this.instance.run((second) -> {
				first.close();
				TaskState done = QueuedCallTests.awaitFinished(second.getBean(ThirdPartyTasks.class), taskId);
				assertThat(done.status()).isEqualTo(TaskStatus.SUCCESS);
				assertThat(second.getBean(NotificationClient.class).runs()).isEqualTo(1);
				assertThat(this.vendor.requests()).isEqualTo(2);
				assertThat(new HashSet<>(this.vendor.idempotencyKeys())).hasSize(1);
			});
		});
	}

	@Test
	void stoppingLetsARunningCallFinish() {
		this.vendor.behave(new FakeVendor.Delay(Duration.ofMillis(300)));
		this.instance.withPropertyValues("third-party.async.shutdown-timeout=10s").run((first) -> {
			String taskId = first.getBean(NotificationClient.class).send(new Notification("n-1", "gina", "hello"));
			await().atMost(Duration.ofSeconds(10)).until(() -> this.vendor.requests() == 1);
			first.close();
			this.instance.withPropertyValues("third-party.async.workers.enabled=false").run((second) -> {
				assertThat(second.getBean(ThirdPartyTasks.class).check(taskId)).map(TaskState::status)
					.contains(TaskStatus.SUCCESS);
				assertThat(this.vendor.requests()).isEqualTo(1);
			});
		});
	}

	@Test
	void aDeadWorkersMessageIsClaimedByAnotherInstance() {
		this.instance.withPropertyValues("third-party.async.workers.enabled=false").run((producer) -> {
			String taskId = producer.getBean(NotificationClient.class).send(new Notification("n-1", "erin", "hello"));
			StringRedisTemplate redis = producer.getBean(StringRedisTemplate.class);
			String queue = this.prefix + "queue";
			redis.opsForStream().createGroup(queue, ReadOffset.from("0"), "thirdparty-workers");
			List<MapRecord<String, Object, Object>> taken = redis.opsForStream()
				.read(Consumer.from("thirdparty-workers", "worker-that-dies"), StreamReadOptions.empty().count(10),
						StreamOffset.create(queue, ReadOffset.lastConsumed()));
			assertThat(taken).hasSize(1);
			this.instance.run((worker) -> {
				TaskState done = QueuedCallTests.awaitFinished(worker.getBean(ThirdPartyTasks.class), taskId);
				assertThat(done.status()).isEqualTo(TaskStatus.SUCCESS);
				assertThat(this.vendor.requests()).isEqualTo(1);
				assertThat(redis.opsForStream().pending(queue, "thirdparty-workers").getTotalPendingMessages())
					.isZero();
			});
		});
	}

	@Test
	void thousandQueuedCallsAcrossTwoInstancesRunOnceEach() {
		// no claim by the other instance of a call still running: on a loaded machine one
		// run can
		// outlast the 2 s claim timeout of the instance tests, and a claimed call runs
		// again
		ApplicationContextRunner busy = this.instance.withPropertyValues("third-party.async.workers.concurrency=8",
				"third-party.async.claim-timeout=5m");
		busy.run((first) -> busy.run((second) -> {
			NotificationClient one = first.getBean(NotificationClient.class);
			NotificationClient two = second.getBean(NotificationClient.class);
			List<String> taskIds = new ArrayList<>();
			for (int i = 0; i < 1000; i++) {
				Notification notification = new Notification("n-" + i, "user-" + i, "message " + i);
				taskIds.add(((i % 2 == 0) ? one : two).send(notification));
			}
			assertThat(new HashSet<>(taskIds)).hasSize(1000);
			await().atMost(Duration.ofSeconds(60)).until(() -> one.runs() + two.runs() >= 1000);
			ThirdPartyTasks tasks = first.getBean(ThirdPartyTasks.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> taskIds.stream()
					.allMatch((id) -> tasks.check(id).map(TaskState::status).orElse(null) == TaskStatus.SUCCESS));
			StringRedisTemplate redis = first.getBean(StringRedisTemplate.class);
			assertThat(redis.opsForStream().size(this.prefix + "queue")).isZero();
			assertThat(
					redis.opsForStream().pending(this.prefix + "queue", "thirdparty-workers").getTotalPendingMessages())
				.isZero();
			assertThat(this.vendor.requests()).isEqualTo(1000);
			assertThat(new HashSet<>(this.vendor.idempotencyKeys())).hasSize(1000);
			assertThat(one.runs() + two.runs()).isEqualTo(1000);
			assertThat(one.runs()).isPositive();
			assertThat(two.runs()).isPositive();
		}));
	}

}
