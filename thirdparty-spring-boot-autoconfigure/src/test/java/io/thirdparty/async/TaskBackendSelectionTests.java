package io.thirdparty.async;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.thirdparty.TaskState;
import io.thirdparty.TaskStatus;
import io.thirdparty.ThirdPartyTasks;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.test.AsyncRunner;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.NotificationClient;
import io.thirdparty.test.NotificationClient.Notification;
import io.thirdparty.test.PaymentTasks;
import io.thirdparty.test.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which task store the application gets, and the embedded in-memory one at work.
 */
@ExtendWith(OutputCaptureExtension.class)
class TaskBackendSelectionTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor vendor = this.vendors.start("provider_a");

	private final String prefix = RedisServers.uniquePrefix("selection");

	@AfterEach
	void stop() {
		RedisServers.deleteKeys(this.prefix);
	}

	@Test
	void withRedisTheStoreIsRedis() {
		AsyncRunner.redis(this.prefix)
			.run((context) -> assertThat(context).getBean(TaskBackend.class).isInstanceOf(RedisTaskBackend.class));
	}

	@Test
	void storeMemoryKeepsTasksInMemoryEvenWithRedis() {
		AsyncRunner.redis(this.prefix)
			.withPropertyValues("third-party.async.store=memory")
			.run((context) -> assertThat(context).getBean(TaskBackend.class).isInstanceOf(InMemoryTaskBackend.class));
	}

	@Test
	void storeRedisWithoutRedisFailsStartupNamingTheKey() {
		AsyncRunner.inMemory().withPropertyValues("third-party.async.store=redis").run((context) -> {
			assertThat(context).hasFailed();
			InvalidThirdPartyConfigurationException failure = AsyncConfigurationTests
				.invalidConfiguration(context.getStartupFailure());
			assertThat(failure.getProperty()).isEqualTo("third-party.async.store");
			assertThat(failure.getAction()).contains("spring-boot-starter-data-redis");
		});
	}

	@Test
	void withoutRedisQueuedCallsRunFromMemoryAfterAWarning(CapturedOutput output) {
		ApplicationContextRunner runner = AsyncRunner.service(AsyncRunner.inMemory(), "sms", this.vendor)
			.withBean(NotificationClient.class);
		runner.run((context) -> {
			assertThat(output).containsOnlyOnce("kept in memory: they are lost when this instance stops");
			String taskId = context.getBean(NotificationClient.class).send(new Notification("n-1", "frank", "hi"));
			TaskState done = QueuedCallTests.awaitFinished(context.getBean(ThirdPartyTasks.class), taskId);
			assertThat(done.status()).isEqualTo(TaskStatus.SUCCESS);
			assertThat(this.vendor.requests()).isEqualTo(1);
		});
	}

	@Test
	void taskApiWorksFromMemory() {
		AsyncRunner.service(AsyncRunner.inMemory(), "pay", this.vendor).withBean(PaymentTasks.class).run((context) -> {
			ThirdPartyTasks tasks = context.getBean(ThirdPartyTasks.class);
			TaskState started = tasks.start("payment", Map.of("orderId", "o-9", "amount", 5));
			assertThat(started.status()).isEqualTo(TaskStatus.PROCESSING);
			TaskState done = await().atMost(Duration.ofSeconds(10))
				.until(() -> tasks.check(started.taskId()).orElseThrow(),
						(state) -> state.status() != TaskStatus.PROCESSING);
			assertThat(done.result())
				.isEqualTo(Map.of("orderId", "o-9", "amount", 5, "vendor", "{\"vendor\":\"provider_a\"}"));
		});
	}

}
