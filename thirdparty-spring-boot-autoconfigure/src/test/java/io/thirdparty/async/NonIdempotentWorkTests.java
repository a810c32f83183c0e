package io.thirdparty.async;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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
import static org.awaitility.Awaitility.await;

/**
 * Work that is not idempotent (a payment task, a queued call with
 * {@code idempotent = false}) is never sent to the vendor again once its request may have
 * reached it, neither by a retry nor by a redelivery; a request that never left is still
 * retried.
 */
class NonIdempotentWorkTests {

	private final FakeVendor vendor = FakeVendor.start("provider_a");

	private final String prefix = RedisServers.uniquePrefix("at-most-once");

	@AfterEach
	void stop() {
		this.vendor.release();
		this.vendor.close();
		RedisServers.deleteKeys(this.prefix);
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis", "memory" })
	void paymentTaskWhoseVendorAnswered500IsNotSentAgain(String store) {
		this.vendor.status(500);
		AsyncRunner.service(runner(store), "pay", this.vendor)
			.withBean(PaymentTasks.class)
			.withPropertyValues("third-party.async.max-deliveries=3")
			.run((context) -> {
				ThirdPartyTasks tasks = context.getBean(ThirdPartyTasks.class);
				TaskState started = tasks.start("payment", Map.of("orderId", "o-1", "amount", 100));
				TaskState failed = QueuedCallTests.awaitFinished(tasks, started.taskId());
				assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
				assertThat(failed.error()).contains("may have reached the vendor").contains("500");
				assertThat(this.vendor.requests()).isEqualTo(1);
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis", "memory" })
	void queuedCallThatIsNotIdempotentIsNotSentAgainAfterA500(String store) {
		this.vendor.status(500);
		AsyncRunner.service(runner(store), "sms", this.vendor)
			.withBean(NotificationClient.class)
			.withPropertyValues("third-party.async.max-deliveries=3")
			.run((context) -> {
				String taskId = context.getBean(NotificationClient.class)
					.sendAtMostOnce(new Notification("charge-1", "bob", "100"));
				TaskState failed = QueuedCallTests.awaitFinished(context.getBean(ThirdPartyTasks.class), taskId);
				assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
				assertThat(failed.error()).contains("may have reached the vendor");
				assertThat(this.vendor.requests()).isEqualTo(1);
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis", "memory" })
	void requestThatNeverLeftIsRetriedUpToMaxDeliveries(String store) throws IOException {
		try (Socket refusing = new Socket()) {
			// bound but not listening: connections are refused and the port stays taken
			refusing.bind(new InetSocketAddress("127.0.0.1", 0));
			runner(store).withBean(PaymentTasks.class)
				.withPropertyValues("third-party.pay.retry.max-attempts=1", "third-party.async.max-deliveries=3",
						"third-party.pay.providers[0].name=refusing",
						"third-party.pay.providers[0].url=http://127.0.0.1:" + refusing.getLocalPort())
				.run((context) -> {
					ThirdPartyTasks tasks = context.getBean(ThirdPartyTasks.class);
					TaskState started = tasks.start("payment", Map.of("orderId", "o-2", "amount", 100));
					TaskState failed = QueuedCallTests.awaitFinished(tasks, started.taskId());
					assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
					assertThat(failed.error()).contains("ResourceAccessException").doesNotContain("Not retried");
					assertThat(context.getBean(TaskBackend.class).find(started.taskId()).orElseThrow().attempts())
						.isEqualTo(3);
				});
		}
	}

	@Test
	void runLeftUnfinishedByAStoppedWorkerIsNotRunAgainByAnother() {
		this.vendor.hold();
		ApplicationContextRunner instance = AsyncRunner.service(AsyncRunner.redis(this.prefix), "sms", this.vendor)
			.withBean(NotificationClient.class)
			.withPropertyValues("third-party.sms.retry.max-attempts=1", "third-party.async.claim-timeout=2s",
					"third-party.async.shutdown-timeout=200ms");
		instance.run((first) -> {
			String taskId = first.getBean(NotificationClient.class)
				.sendAtMostOnce(new Notification("charge-2", "dave", "100"));
			await().atMost(Duration.ofSeconds(10)).until(() -> this.vendor.requests() == 1);
			this.vendor.ok();
			instance.run((second) -> {
				first.close();
				TaskState done = QueuedCallTests.awaitFinished(second.getBean(ThirdPartyTasks.class), taskId);
				assertThat(done.status()).isEqualTo(TaskStatus.FAILED);
				assertThat(done.error()).contains("never reported its outcome");
				assertThat(second.getBean(NotificationClient.class).runs()).isZero();
				assertThat(this.vendor.requests()).isEqualTo(1);
			});
		});
	}

	private ApplicationContextRunner runner(String store) {
		return "redis".equals(store) ? AsyncRunner.redis(this.prefix) : AsyncRunner.inMemory();
	}

}
