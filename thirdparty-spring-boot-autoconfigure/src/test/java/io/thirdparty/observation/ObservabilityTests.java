package io.thirdparty.observation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyContext;
import io.thirdparty.autoconfigure.ThirdPartyObservationAutoConfiguration;
import io.thirdparty.pipeline.AttemptStage;
import io.thirdparty.pipeline.CallStage;
import io.thirdparty.provider.ProviderControl;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.ProviderEvents;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metrics, observations, events and MDC of calls to real HTTP vendors.
 */
class ObservabilityTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("provider_a");

	private final FakeVendor b = this.vendors.start("provider_b");

	/**
	 * Spring Boot's observation and metrics set-up, its default meter observation handler
	 * included.
	 */
	private ApplicationContextRunner runner() {
		return PipelineRunner.sms(this.a, 50, this.b, 50)
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
					ThirdPartyObservationAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withBean(ProviderEvents.class);
	}

	@Test
	void aCallIsTimedOnceByTheObservationThroughBootsMeterHandler() {
		runner().run((context) -> {
			assertThat(context.getBean(SmsClient.class).send("hello")).contains("provider_");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("thirdparty.calls").timers()).singleElement().satisfies((timer) -> {
				assertThat(timer.count()).isOne();
				assertThat(timer.getId().getTag("service")).isEqualTo("sms");
				assertThat(timer.getId().getTag("provider")).isIn("provider_a", "provider_b");
				assertThat(timer.getId().getTag("outcome")).isEqualTo("success");
			});
			assertThat(meters.find("thirdparty.call").meters()).isEmpty();
			assertThat(meters.find("thirdparty.attempt").timers()).singleElement()
				.satisfies((timer) -> assertThat(timer.count()).isOne());
		});
	}

	@Test
	void aConventionOfTheApplicationNamesAndTagsTheCallTimer() {
		runner().withBean(ThirdPartyCallObservationConvention.class, RenamingConvention::new).run((context) -> {
			context.getBean(SmsClient.class).send("hello");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("vendor.calls").tag("team", "messaging").timer().count()).isOne();
			assertThat(meters.find("thirdparty.calls").meters()).isEmpty();
		});
	}

	@Test
	void callsAreTimedWithAMeterRegistryAndNoObservationRegistry() {
		PipelineRunner.sms(this.a, 50, this.b, 50)
			.withConfiguration(AutoConfigurations.of(ThirdPartyObservationAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				context.getBean(SmsClient.class).send("hello");
				assertThat(context.getBean(MeterRegistry.class)
					.get("thirdparty.calls")
					.tag("outcome", "success")
					.timer()
					.count()).isOne();
				assertThat(context).doesNotHaveBean(AttemptObservationStage.class);
			});
	}

	@Test
	void callsAreTimedByServiceProviderAndOutcome() {
		runner().run((context) -> {
			SmsClient sms = context.getBean(SmsClient.class);
			for (int i = 0; i < 10; i++) {
				sms.send("hello");
			}
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("thirdparty.calls").tag("service", "sms").tag("outcome", "success").timers())
				.hasSize(2)
				.allSatisfy((timer) -> assertThat(timer.count()).isEqualTo(5));
			this.a.down();
			this.b.down();
			sms.sendOrQueue("hello");
			assertThat(meters.get("thirdparty.calls")
				.tag("outcome", "fallback")
				.timers()
				.stream()
				.mapToLong(Timer::count)
				.sum())
				.as(meters.get("thirdparty.calls")
					.timers()
					.stream()
					.map((t) -> t.getId() + "=" + t.count())
					.toList()
					.toString())
				.isEqualTo(1);
			assertThat(this.b.requests() + this.a.requests()).isEqualTo(10);
		});
	}

	@Test
	void callsRefusedOnEveryProviderAreRejected() {
		runner().run((context) -> {
			ProviderControl control = context.getBean(ProviderControl.class);
			control.disable("sms", "provider_a");
			control.disable("sms", "provider_b");
			SmsClient sms = context.getBean(SmsClient.class);
			try {
				sms.send("hello");
			}
			catch (RuntimeException expected) {
				assertThat(expected).hasMessageContaining("disabled by an operator");
			}
			assertThat(context.getBean(MeterRegistry.class)
				.get("thirdparty.calls")
				.tag("provider", "none")
				.tag("outcome", "rejected")
				.timer()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void failoversAreCountedAndPublished() {
		runner().run((context) -> {
			this.a.status(503);
			SmsClient sms = context.getBean(SmsClient.class);
			for (int i = 0; i < 4; i++) {
				assertThat(sms.send("hello")).contains("provider_b");
			}
			double failovers = context.getBean(MeterRegistry.class)
				.get("thirdparty.failovers")
				.tag("service", "sms")
				.tag("from", "provider_a")
				.tag("to", "provider_b")
				.counter()
				.count();
			assertThat(failovers).isPositive();
			List<?> events = context.getBean(ProviderEvents.class).failovers();
			assertThat(events).hasSize((int) failovers);
			assertThat(context.getBean(ProviderEvents.class).failovers().get(0).getCause()).hasMessageContaining("503");
		});
	}

	@Test
	void providerStateGaugesFollowOperatorActions() {
		runner().run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(state(meters, "provider_a", "up")).isEqualTo(1);
			assertThat(state(meters, "provider_a", "disabled")).isZero();
			context.getBean(ProviderControl.class).disable("sms", "provider_a");
			assertThat(state(meters, "provider_a", "up")).isZero();
			assertThat(state(meters, "provider_a", "disabled")).isEqualTo(1);
			context.getBean(ProviderControl.class).force("sms", "provider_b");
			assertThat(state(meters, "provider_b", "forced")).isEqualTo(1);
		});
	}

	@Test
	void everyCallAndAttemptIsObserved() {
		runner().run((context) -> {
			this.a.status(503);
			this.b.status(503);
			SmsClient sms = context.getBean(SmsClient.class);
			sms.sendOrQueue("hello");
			this.a.ok();
			this.b.ok();
			sms.send("hello");
			TestObservationRegistry observations = (TestObservationRegistry) context.getBean(ObservationRegistry.class);
			TestObservationRegistryAssert.assertThat(observations)
				.hasNumberOfObservationsWithNameEqualTo("thirdparty.calls", 2)
				.hasAnObservationWithAKeyValue("outcome", "fallback")
				.hasAnObservationWithAKeyValue("outcome", "success")
				.hasAnObservationWithAKeyValue("provider", "provider_a")
				.hasAnObservationWithAKeyValue("provider", "provider_b");
			TestObservationRegistryAssert.assertThat(observations)
				.hasNumberOfObservationsWithNameEqualTo("thirdparty.attempt", 4)
				.hasAnObservationWithAKeyValue("attempt", "3")
				.hasAnObservationWithAKeyValue("outcome", "failure");
		});
	}

	@Test
	void mdcNamesServiceProviderAndAttemptDuringEachAttemptWhenTurnedOn() {
		runner().withBean(MdcRecorder.class).withPropertyValues("third-party.defaults.mdc=true").run((context) -> {
			MdcRecorder recorder = context.getBean(MdcRecorder.class);
			this.a.status(503);
			context.getBean(ProviderControl.class).force("sms", "provider_a");
			context.getBean(ProviderControl.class).release("sms");
			String answer = recorder.call();
			assertThat(answer).contains("provider_");
			assertThat(recorder.seen()).as(recorder.seen().toString()).isNotEmpty().allSatisfy((mdc) -> {
				assertThat(mdc).containsEntry(AttemptStage.MDC_SERVICE, "sms");
				assertThat(mdc.get(AttemptStage.MDC_PROVIDER)).isIn("provider_a", "provider_b");
			});
			assertThat(recorder.seen().get(recorder.seen().size() - 1)).containsEntry(AttemptStage.MDC_ATTEMPT,
					Integer.toString(recorder.seen().size()));
			assertThat(MDC.get(AttemptStage.MDC_SERVICE)).isNull();
		});
	}

	@Test
	void mdcKeysAreOffByDefault() {
		runner().withBean(MdcRecorder.class).run((context) -> {
			MdcRecorder recorder = context.getBean(MdcRecorder.class);
			assertThat(recorder.call()).contains("provider_");
			assertThat(recorder.seen()).isNotEmpty()
				.allSatisfy((mdc) -> assertThat((mdc != null) ? mdc : Map.of())
					.doesNotContainKeys(AttemptStage.MDC_SERVICE, AttemptStage.MDC_PROVIDER, AttemptStage.MDC_ATTEMPT));
		});
	}

	@Test
	void withoutRegistriesNoObservabilityStageIsInTheCallPath() {
		PipelineRunner.sms(this.a, 50, this.b, 50)
			.withConfiguration(AutoConfigurations.of(ThirdPartyObservationAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(CallObservationStage.class)
					.doesNotHaveBean(AttemptObservationStage.class)
					.doesNotHaveBean(ThirdPartyMetrics.class);
				assertThat(context.getBeansOfType(CallStage.class)).hasSize(5);
				assertThat(context.getBean(SmsClient.class).send("hello")).contains("provider_");
			});
	}

	private static double state(MeterRegistry meters, String provider, String state) {
		return meters.get("thirdparty.provider.state").tag("provider", provider).tag("state", state).gauge().value();
	}

	/** A convention of the application's: another name and one more tag. */
	static class RenamingConvention extends DefaultThirdPartyCallObservationConvention {

		@Override
		public String getName() {
			return "vendor.calls";
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(ThirdPartyCallContext context) {
			return super.getLowCardinalityKeyValues(context).and("team", "messaging");
		}

	}

	/**
	 * Records the MDC seen inside each attempt.
	 */
	static class MdcRecorder {

		private final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();

		private final SmsClient sms = new SmsClient();

		@ThirdPartyCall(service = "sms")
		public String call() {
			this.seen.add(MDC.getCopyOfContextMap());
			return this.sms.send("hello") + ThirdPartyContext.attempt();
		}

		List<Map<String, String>> seen() {
			return this.seen;
		}

	}

}
