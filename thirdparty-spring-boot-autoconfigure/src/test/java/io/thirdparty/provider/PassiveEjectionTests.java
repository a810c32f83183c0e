package io.thirdparty.provider;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.util.ReflectionTestUtils;

import io.thirdparty.provider.ProviderStateChangedEvent.Change;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.ProviderEvents;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Passive ejection from real traffic: consecutive failures open the provider's breaker,
 * and half-open probes bring it back.
 */
class PassiveEjectionTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("provider_a");

	private final FakeVendor b = this.vendors.start("provider_b");

	@Test
	void consecutiveFailuresEjectAProviderAndHalfOpenProbesRestoreIt() {
		PipelineRunner.sms(this.a, 50, this.b, 50)
			.withBean(ProviderEvents.class)
			.withPropertyValues("third-party.sms.circuit-breaker.consecutive-failures=3",
					"third-party.sms.circuit-breaker.wait-in-open=200ms",
					"third-party.sms.circuit-breaker.half-open-calls=1")
			.run((context) -> {
				ServiceRegistry services = context.getBean(ServiceRegistry.class);
				ProviderEvents events = context.getBean(ProviderEvents.class);
				SmsClient sms = context.getBean(SmsClient.class);
				this.a.status(500);
				for (int i = 0; i < 6 && !events.saw("provider_a", Change.EJECTED); i++) {
					assertThat(sms.send("hello")).contains("provider_b");
				}
				assertThat(services.get("sms").state(0).failures()).isEqualTo(3);
				assertThat(events.changeEvents().get(0).getReason()).contains("3 failures in a row");
				assertThat(services.get("sms").status(0)).isEqualTo(ProviderStatus.EJECTED);
				this.a.ok();
				await().atMost(Duration.ofSeconds(10)).until(() -> {
					sms.send("hello");
					return events.saw("provider_a", Change.RESTORED);
				});
				assertThat(services.get("sms").status(0)).isEqualTo(ProviderStatus.UP);
				assertThat(events.failovers()).isNotEmpty()
					.allSatisfy((failover) -> assertThat(failover.getFrom().name()).isEqualTo("provider_a"));
			});
	}

	@Test
	void ejectionByFailureRateCountsTheFailureThatOpenedTheBreaker() {
		PipelineRunner.sms(this.a, 50, this.b, 50)
			.withBean(ProviderEvents.class)
			.withPropertyValues("third-party.sms.circuit-breaker.sliding-window-size=4",
					"third-party.sms.circuit-breaker.minimum-calls=4",
					"third-party.sms.circuit-breaker.failure-rate-threshold=50")
			.run((context) -> {
				ServiceRegistry services = context.getBean(ServiceRegistry.class);
				ProviderEvents events = context.getBean(ProviderEvents.class);
				SmsClient sms = context.getBean(SmsClient.class);
				this.a.status(500);
				for (int i = 0; i < 20 && !events.saw("provider_a", Change.EJECTED); i++) {
					sms.send("hello");
				}
				long failures = services.get("sms").state(0).failures();
				assertThat(failures).isEqualTo(4);
				assertThat(events.changeEvents().get(0).getReason()).contains("4 of 4 calls failed")
					.doesNotContain("3 failures in a row");
			});
	}

	@Test
	void aBreakerOpenedOutsideTheStarterIsReportedWhenItsProviderIsNextConsidered() {
		PipelineRunner.sms(this.a, 50, this.b, 50).withBean(ProviderEvents.class).run((context) -> {
			ServiceDefinition service = context.getBean(ServiceRegistry.class).get("sms");
			ProviderEvents events = context.getBean(ProviderEvents.class);
			CircuitBreaker breaker = service.guard(0).getCircuitBreaker();
			breaker.transitionToForcedOpenState();
			assertThat(context.getBean(SmsClient.class).send("hello")).contains("provider_b");
			assertThat(events.changeEvents()).singleElement()
				.satisfies((event) -> assertThat(event.getReason()).contains("CLOSED -> FORCED_OPEN"));
			breaker.transitionToClosedState();
			assertThat(service.available()).isEqualTo(0b11);
			assertThat(events.saw("provider_a", Change.RESTORED)).isTrue();
		});
	}

	@Test
	void aSuccessfulCallMakesTheBreakerCreateNoEvent() {
		PipelineRunner.sms(this.a, 100).withBean(ProviderEvents.class).run((context) -> {
			CircuitBreaker breaker = context.getBean(ServiceRegistry.class).get("sms").guard(0).getCircuitBreaker();
			assertThat(context.getBean(SmsClient.class).send("hello")).contains("provider_a");
			assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isOne();
			// Resilience4j builds an event for each call while any consumer is registered
			Object events = ReflectionTestUtils.getField(breaker, "eventProcessor");
			Boolean consumers = ReflectionTestUtils.invokeMethod(events, "hasConsumers");
			assertThat(consumers).isFalse();
		});
	}

	@Test
	void trafficCountersAndLastErrorAreKeptPerProvider() {
		PipelineRunner.sms(this.a, 50, this.b, 50).run((context) -> {
			ServiceRegistry services = context.getBean(ServiceRegistry.class);
			SmsClient sms = context.getBean(SmsClient.class);
			this.a.status(503);
			for (int i = 0; i < 10; i++) {
				sms.send("hello");
			}
			ProviderState stateA = services.get("sms").state(0);
			ProviderState stateB = services.get("sms").state(1);
			assertThat(stateB.calls()).isEqualTo(10);
			assertThat(stateB.failures()).isZero();
			assertThat(stateA.failures()).isEqualTo(stateA.calls()).isPositive();
			assertThat(stateA.lastError().message()).contains("503");
			assertThat(stateA.lastError().at()).isNotNull();
			assertThat(stateA.inFlight()).isZero();
		});
	}

}
