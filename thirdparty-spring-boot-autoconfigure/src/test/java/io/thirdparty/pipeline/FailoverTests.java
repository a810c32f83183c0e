package io.thirdparty.pipeline;

import java.time.Duration;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.SmsClient;
import io.thirdparty.resilience.ProviderGuards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failover between two real HTTP vendors when one of them fails in each of the ways
 * vendors do.
 */
class FailoverTests {

	private static final String B_ANSWER = "{\"vendor\":\"provider_b\"}";

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("provider_a");

	private final FakeVendor b = this.vendors.start("provider_b");

	private ApplicationContextRunner sms() {
		return PipelineRunner.sms(this.a, 50, this.b, 50);
	}

	@Test
	void vendorAnswering500IsFailedOverOnEveryCall() {
		this.a.status(500);
		sms().run((context) -> assertEveryCallServedByB(context.getBean(SmsClient.class), 20));
	}

	@Test
	void vendorTimingOutIsFailedOverOnEveryCall() {
		// a never answers; the time limit is long enough for b to answer on a loaded
		// machine
		this.a.hold();
		sms().withPropertyValues("third-party.sms.timeout=2s")
			.run((context) -> assertEveryCallServedByB(context.getBean(SmsClient.class), 6));
	}

	@Test
	void vendorResettingConnectionsIsFailedOverOnEveryCall() {
		this.a.behave(new FakeVendor.Reset());
		sms().run((context) -> assertEveryCallServedByB(context.getBean(SmsClient.class), 20));
	}

	@Test
	void vendorAnsweringGarbageIsFailedOverOnEveryCall() {
		this.a.behave(new FakeVendor.Garbage());
		sms().run((context) -> {
			SmsClient sms = context.getBean(SmsClient.class);
			for (int i = 0; i < 20; i++) {
				assertThat(sms.sendParsed("hi")).isEqualTo(Map.of("vendor", "provider_b"));
			}
		});
	}

	@Test
	void vendorDownIsFailedOverOnEveryCall() {
		this.a.down();
		sms().run((context) -> {
			SmsClient sms = context.getBean(SmsClient.class);
			for (int i = 0; i < 20; i++) {
				assertThat(sms.send("hi " + i)).isEqualTo(B_ANSWER);
			}
			assertThat(this.b.requests()).isEqualTo(20);
		});
	}

	@Test
	void breakerOpensAfterTheThresholdAndTheFailingVendorGetsNoMoreTraffic() {
		this.a.status(500);
		breakerRunner().withPropertyValues("third-party.sms.circuit-breaker.wait-in-open=1h").run((context) -> {
			SmsClient sms = context.getBean(SmsClient.class);
			CircuitBreaker breaker = context.getBean(ProviderGuards.class).find("sms.provider_a").getCircuitBreaker();
			for (int i = 0; i < 20 && breaker.getState() != CircuitBreaker.State.OPEN; i++) {
				assertThat(sms.send("hi")).isEqualTo(B_ANSWER);
			}
			assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
			int seenByA = this.a.requests();
			for (int i = 0; i < 50; i++) {
				assertThat(sms.send("hi")).isEqualTo(B_ANSWER);
			}
			assertThat(this.a.requests()).isEqualTo(seenByA);
		});
	}

	@Test
	void halfOpenProbesLetARecoveredVendorBackIn() {
		this.a.status(500);
		breakerRunner().run((context) -> {
			SmsClient sms = context.getBean(SmsClient.class);
			CircuitBreaker breaker = context.getBean(ProviderGuards.class).find("sms.provider_a").getCircuitBreaker();
			for (int i = 0; i < 20 && breaker.getState() != CircuitBreaker.State.OPEN; i++) {
				sms.send("hi");
			}
			assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
			this.a.ok();
			this.a.resetCount();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				sms.send("hi");
				assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			});
			for (int i = 0; i < 20; i++) {
				sms.send("hi");
			}
			assertThat(this.a.requests()).isGreaterThan(5);
		});
	}

	private ApplicationContextRunner breakerRunner() {
		return sms().withPropertyValues("third-party.sms.circuit-breaker.sliding-window-size=4",
				"third-party.sms.circuit-breaker.minimum-calls=4", "third-party.sms.circuit-breaker.wait-in-open=300ms",
				"third-party.sms.circuit-breaker.half-open-calls=1");
	}

	private void assertEveryCallServedByB(SmsClient sms, int calls) {
		for (int i = 0; i < calls; i++) {
			assertThat(sms.send("hi " + i)).isEqualTo(B_ANSWER);
		}
		assertThat(this.b.requests()).isEqualTo(calls);
		assertThat(this.a.requests()).isPositive();
	}

}
