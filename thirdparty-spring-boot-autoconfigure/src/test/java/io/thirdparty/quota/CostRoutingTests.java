package io.thirdparty.quota;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Strategy {@code cost} on three real vendors: the cheapest takes every call while it has
 * quota and health, then the next cheapest, in order of cost whatever the order of
 * configuration.
 */
class CostRoutingTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor dear = this.vendors.start("dear");

	private final FakeVendor cheap = this.vendors.start("cheap");

	private final FakeVendor mid = this.vendors.start("mid");

	private ApplicationContextRunner sms(String... properties) {
		return PipelineRunner.create()
			.withBean(SmsClient.class)
			.withPropertyValues("third-party.sms.strategy=cost", "third-party.sms.retry.backoff=10ms",
					"third-party.sms.providers[0].name=dear", "third-party.sms.providers[0].url=" + this.dear.url(),
					"third-party.sms.providers[0].cost=3", "third-party.sms.providers[1].name=cheap",
					"third-party.sms.providers[1].url=" + this.cheap.url(), "third-party.sms.providers[1].cost=0.5",
					"third-party.sms.providers[2].name=mid", "third-party.sms.providers[2].url=" + this.mid.url(),
					"third-party.sms.providers[2].cost=1.5")
			.withPropertyValues(properties);
	}

	@Test
	void cheapestTakesEveryCallWhileItHasQuotaThenTheNextCheapest() {
		sms("third-party.sms.providers[1].quota.limit=3", "third-party.sms.providers[1].quota.period=1h",
				"third-party.sms.providers[2].quota.limit=2", "third-party.sms.providers[2].quota.period=1h")
			.run((context) -> {
				SmsClient sms = context.getBean(SmsClient.class);
				List<String> order = new ArrayList<>();
				for (int i = 0; i < 8; i++) {
					order.add(sms.send("hi " + i));
				}
				assertThat(order).containsExactly(answer("cheap"), answer("cheap"), answer("cheap"), answer("mid"),
						answer("mid"), answer("dear"), answer("dear"), answer("dear"));
			});
	}

	@Test
	void cheapestThatFailsIsFailedOverToTheNextCheapestNotTheDearest() {
		this.cheap.status(503);
		sms().run((context) -> {
			SmsClient sms = context.getBean(SmsClient.class);
			for (int i = 0; i < 5; i++) {
				assertThat(sms.send("hi " + i)).isEqualTo(answer("mid"));
			}
			assertThat(this.dear.requests()).isZero();
		});
	}

	@Test
	void withoutQuotasEveryCallGoesToTheCheapest() {
		sms().run((context) -> {
			SmsClient sms = context.getBean(SmsClient.class);
			for (int i = 0; i < 10; i++) {
				sms.send("hi " + i);
			}
			assertThat(this.cheap.requests()).isEqualTo(10);
			assertThat(this.mid.requests() + this.dear.requests()).isZero();
		});
	}

	private static String answer(String vendor) {
		return "{\"vendor\":\"" + vendor + "\"}";
	}

}
