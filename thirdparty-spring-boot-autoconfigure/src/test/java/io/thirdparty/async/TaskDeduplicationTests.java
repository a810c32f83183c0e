package io.thirdparty.async;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.thirdparty.TaskState;
import io.thirdparty.TaskStatus;
import io.thirdparty.ThirdPartyTasks;
import io.thirdparty.test.AsyncRunner;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.NotificationClient;
import io.thirdparty.test.NotificationClient.Notification;
import io.thirdparty.test.PaymentTasks;
import io.thirdparty.test.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Deduplication happens only when the caller asks for it with an idempotency key, and a
 * key names one request: on the Redis store and on the in-memory one.
 */
class TaskDeduplicationTests {

	private final FakeVendor vendor = FakeVendor.start("provider_a");

	private final String prefix = RedisServers.uniquePrefix("dedup");

	@AfterEach
	void stop() {
		this.vendor.close();
		RedisServers.deleteKeys(this.prefix);
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis", "memory" })
	void twoIdenticalPaymentsWithoutAKeyAreTwoPayments(String store) {
		payments(store).run((context) -> {
			ThirdPartyTasks tasks = context.getBean(ThirdPartyTasks.class);
			TaskState first = tasks.start("payment", Map.of("orderId", "o-1", "amount", 100));
			TaskState second = tasks.start("payment", Map.of("orderId", "o-1", "amount", 100));
			assertThat(second.taskId()).isNotEqualTo(first.taskId());
			assertThat(second.status()).isEqualTo(TaskStatus.PROCESSING);
			assertThat(awaitFinished(tasks, first).status()).isEqualTo(TaskStatus.SUCCESS);
			assertThat(awaitFinished(tasks, second).status()).isEqualTo(TaskStatus.SUCCESS);
			assertThat(this.vendor.requests()).isEqualTo(2);
			assertThat(this.vendor.idempotencyKeys()).containsExactlyInAnyOrder(first.taskId(), second.taskId());
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis", "memory" })
	void twoIdenticalQueuedCallsWithoutAKeyAreTwoCalls(String store) {
		AsyncRunner.service(runner(store), "sms", this.vendor).withBean(NotificationClient.class).run((context) -> {
			NotificationClient client = context.getBean(NotificationClient.class);
			String first = client.send(new Notification("n-1", "alice", "hello"));
			String second = client.send(new Notification("n-1", "alice", "hello"));
			assertThat(second).isNotEqualTo(first);
			await().atMost(Duration.ofSeconds(20)).until(() -> this.vendor.requests() == 2);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis", "memory" })
	void sameKeyAndParamsReturnTheFirstTaskWhateverThePropertyOrder(String store) {
		payments(store).run((context) -> {
			ThirdPartyTasks tasks = context.getBean(ThirdPartyTasks.class);
			Map<String, Object> params = new LinkedHashMap<>();
			params.put("orderId", "o-2");
			params.put("amount", 100);
			Map<String, Object> reordered = new LinkedHashMap<>();
			reordered.put("amount", 100);
			reordered.put("orderId", "o-2");
			TaskState first = tasks.start("payment", params, "checkout-o-2");
			TaskState again = tasks.start("payment", reordered, "checkout-o-2");
			assertThat(again.taskId()).isEqualTo(first.taskId());
			awaitFinished(tasks, first);
			assertThat(this.vendor.requests()).isEqualTo(1);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis", "memory" })
	void sameKeyWithOtherParamsIsRefused(String store) {
		payments(store).run((context) -> {
			ThirdPartyTasks tasks = context.getBean(ThirdPartyTasks.class);
			TaskState first = tasks.start("payment", Map.of("orderId", "o-3", "amount", 100), "checkout-o-3");
			assertThatExceptionOfType(IdempotencyKeyReusedException.class)
				.isThrownBy(() -> tasks.start("payment", Map.of("orderId", "o-3", "amount", 9900), "checkout-o-3"))
				.withMessageContaining("checkout-o-3")
				.withMessageNotContaining(first.taskId())
				.satisfies((ex) -> assertThat(ex.name()).isEqualTo("payment"));
			awaitFinished(tasks, first);
			assertThat(this.vendor.requests()).isEqualTo(1);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis", "memory" })
	void queuedCallWithItsKeyReusedForOtherArgumentsIsRefused(String store) {
		AsyncRunner.service(runner(store), "sms", this.vendor).withBean(NotificationClient.class).run((context) -> {
			NotificationClient client = context.getBean(NotificationClient.class);
			String first = client.sendOnce(new Notification("order-7", "alice", "shipped"));
			assertThat(client.sendOnce(new Notification("order-7", "alice", "shipped"))).isEqualTo(first);
			assertThatExceptionOfType(IdempotencyKeyReusedException.class)
				.isThrownBy(() -> client.sendOnce(new Notification("order-7", "alice", "shipped, again")));
			await().atMost(Duration.ofSeconds(20)).until(() -> this.vendor.requests() == 1);
			assertThat(this.vendor.idempotencyKeys()).containsExactly("order-7");
		});
	}

	private ApplicationContextRunner payments(String store) {
		return AsyncRunner.service(runner(store), "pay", this.vendor).withBean(PaymentTasks.class);
	}

	private ApplicationContextRunner runner(String store) {
		return "redis".equals(store) ? AsyncRunner.redis(this.prefix) : AsyncRunner.inMemory();
	}

	private static TaskState awaitFinished(ThirdPartyTasks tasks, TaskState task) {
		return QueuedCallTests.awaitFinished(tasks, task.taskId());
	}

}
