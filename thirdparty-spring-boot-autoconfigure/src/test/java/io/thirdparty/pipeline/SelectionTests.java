package io.thirdparty.pipeline;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Provider selection over real HTTP vendors.
 */
class SelectionTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("provider_a");

	private final FakeVendor b = this.vendors.start("provider_b");

	@Test
	void weights60And40SplitTrafficSixtyForty() {
		PipelineRunner.sms(this.a, 60, this.b, 40).run((context) -> {
			SmsClient sms = context.getBean(SmsClient.class);
			Map<String, Integer> answers = new HashMap<>();
			for (int i = 0; i < 2000; i++) {
				answers.merge(sms.send("hello " + i), 1, Integer::sum);
			}
			assertThat(this.a.requests() + this.b.requests()).isEqualTo(2000);
			assertThat(this.a.requests() / 2000.0).isCloseTo(0.60, within(0.05));
			assertThat(this.b.requests() / 2000.0).isCloseTo(0.40, within(0.05));
			assertThat(answers).containsOnlyKeys("{\"vendor\":\"provider_a\"}", "{\"vendor\":\"provider_b\"}");
		});
	}

	@Test
	void priorityStrategySendsEverythingToThePrimaryWhileItIsHealthy() {
		PipelineRunner.sms(this.a, 60, this.b, 40)
			.withPropertyValues("third-party.sms.strategy=priority", "third-party.sms.providers[0].priority=2",
					"third-party.sms.providers[1].priority=1")
			.run((context) -> {
				SmsClient sms = context.getBean(SmsClient.class);
				for (int i = 0; i < 100; i++) {
					sms.send("hello");
				}
				assertThat(this.b.requests()).isEqualTo(100);
				assertThat(this.a.requests()).isZero();
			});
	}

	@Test
	void disabledProviderGetsNoCalls() {
		PipelineRunner.sms(this.a, 60, this.b, 40)
			.withPropertyValues("third-party.sms.providers[0].enabled=false")
			.run((context) -> {
				SmsClient sms = context.getBean(SmsClient.class);
				for (int i = 0; i < 20; i++) {
					sms.send("hello");
				}
				assertThat(this.a.requests()).isZero();
				assertThat(this.b.requests()).isEqualTo(20);
			});
	}

}
