package io.thirdparty.async;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.thirdparty.TaskStatus;
import io.thirdparty.ThirdPartyTask;
import io.thirdparty.ThirdPartyTasks;
import io.thirdparty.test.AsyncRunner;
import io.thirdparty.test.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two applications on one Redis with default settings keep their task queues apart: the
 * default key prefix holds {@code spring.application.name}, so each runs only its own
 * tasks, even of a task type both declare.
 */
class ApplicationQueuesTests {

	private final String orders = "orders-" + UUID.randomUUID().toString().substring(0, 8);

	private final String billing = "billing-" + UUID.randomUUID().toString().substring(0, 8);

	@AfterEach
	void deleteKeys() {
		RedisServers.deleteKeys("thirdparty:{async:" + this.orders + "}:");
		RedisServers.deleteKeys("thirdparty:{async:" + this.billing + "}:");
	}

	@Test
	void twoApplicationsWithDefaultSettingsEachRunOnlyTheirOwnTasks() {
		ApplicationContextRunner ordersApp = AsyncRunner.redisWithDefaultPrefix()
			.withBean(OrderReports.class)
			.withPropertyValues("spring.application.name=" + this.orders);
		ApplicationContextRunner billingApp = AsyncRunner.redisWithDefaultPrefix()
			.withBean(BillingReports.class)
			.withPropertyValues("spring.application.name=" + this.billing);
		ordersApp.run((first) -> billingApp.run((second) -> {
			assertThat(first.getBean(RedisTaskBackend.class).keyPrefix())
				.isEqualTo("thirdparty:{async:" + this.orders + "}:");
			assertThat(second.getBean(RedisTaskBackend.class).keyPrefix())
				.isEqualTo("thirdparty:{async:" + this.billing + "}:");
			ThirdPartyTasks orderTasks = first.getBean(ThirdPartyTasks.class);
			ThirdPartyTasks billingTasks = second.getBean(ThirdPartyTasks.class);
			List<String> ofOrders = new ArrayList<>();
			List<String> ofBilling = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				ofOrders.add(orderTasks.start("report", "o-" + i).taskId());
				ofBilling.add(billingTasks.start("report", "b-" + i).taskId());
			}
			for (int i = 0; i < 20; i++) {
				assertThat(QueuedCallTests.awaitFinished(orderTasks, ofOrders.get(i)).result())
					.isEqualTo("orders o-" + i);
				assertThat(QueuedCallTests.awaitFinished(billingTasks, ofBilling.get(i)).result())
					.isEqualTo("billing b-" + i);
			}
			assertThat(first.getBean(OrderReports.class).runs()).isEqualTo(20);
			assertThat(second.getBean(BillingReports.class).runs()).isEqualTo(20);
			assertThat(billingTasks.check(ofOrders.get(0))).isEmpty();
			assertThat(orderTasks.check(ofOrders.get(0)))
				.hasValueSatisfying((state) -> assertThat(state.status()).isEqualTo(TaskStatus.SUCCESS));
		}));
	}

	@Test
	void defaultKeyPrefixWithoutAnApplicationNameIsTheSharedOne() {
		ThirdPartyAsyncProperties properties = new ThirdPartyAsyncProperties();
		assertThat(properties.keyPrefix(null)).isEqualTo("thirdparty:{async}:");
		assertThat(properties.keyPrefix(" ")).isEqualTo("thirdparty:{async}:");
	}

	@Test
	void applicationNameCannotBreakTheHashTag() {
		assertThat(new ThirdPartyAsyncProperties().keyPrefix("shop{eu}")).isEqualTo("thirdparty:{async:shop_eu_}:");
	}

	@Test
	void configuredKeyPrefixWinsOverTheApplicationName() {
		ThirdPartyAsyncProperties properties = new ThirdPartyAsyncProperties();
		properties.setKeyPrefix("mine:{q}:");
		assertThat(properties.keyPrefix("orders")).isEqualTo("mine:{q}:");
	}

	static class OrderReports {

		private final AtomicInteger runs = new AtomicInteger();

		@ThirdPartyTask(value = "report", idempotent = true)
		public String report(String id) {
			this.runs.incrementAndGet();
			return "orders " + id;
		}

		int runs() {
			return this.runs.get();
		}

	}

	static class BillingReports {

		private final AtomicInteger runs = new AtomicInteger();

		@ThirdPartyTask(value = "report", idempotent = true)
		public String report(String id) {
			this.runs.incrementAndGet();
			return "billing " + id;
		}

		int runs() {
			return this.runs.get();
		}

	}

}
