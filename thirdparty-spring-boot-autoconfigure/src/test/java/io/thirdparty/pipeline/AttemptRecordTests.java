package io.thirdparty.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.HttpServerErrorException;

import io.thirdparty.ThirdPartyException;
import io.thirdparty.autoconfigure.ThirdPartyObservationAutoConfiguration;
import io.thirdparty.resilience.FailureClassifier;
import io.thirdparty.resilience.FailureKind;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.SmsClient;
import io.thirdparty.resilience.ProviderGuards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * One record per failed attempt: the failure is classified once, when the attempt ends,
 * and every reader (breaker, provider state, retry, metrics, observations, the exception)
 * reads that record.
 */
class AttemptRecordTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("provider_a");

	private final FakeVendor b = this.vendors.start("provider_b");

	private final CountingClassifier classifier = new CountingClassifier();

	/**
	 * Provider a first, every reader of a failure present: metrics, observations,
	 * breaker.
	 */
	private ApplicationContextRunner primaryA() {
		return PipelineRunner.sms(this.a, 50, this.b, 50)
			.withPropertyValues("third-party.sms.strategy=priority", "third-party.sms.providers[1].priority=1")
			.withConfiguration(AutoConfigurations.of(ThirdPartyObservationAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withBean(FailureClassifier.class, () -> this.classifier);
	}

	@Test
	void aFailedAttemptIsClassifiedOnceAndCountedByTheBreaker() {
		this.a.status(503);
		primaryA().run((context) -> {
			assertThat(context.getBean(SmsClient.class).whoAnswers("hi")).isEqualTo("{\"vendor\":\"provider_b\"}#2");
			assertThat(this.classifier.calls).hasValue(1);
			assertThat(context.getBean(ProviderGuards.class)
				.find("sms.provider_a")
				.getCircuitBreaker()
				.getMetrics()
				.getNumberOfFailedCalls()).isOne();
		});
	}

	@Test
	void everyAttemptOfAFailedCallIsClassifiedOnce() {
		this.a.status(503);
		this.b.status(503);
		primaryA().withPropertyValues("third-party.sms.retry.max-attempts=2").run((context) -> {
			assertThatExceptionOfType(ThirdPartyException.class)
				.isThrownBy(() -> context.getBean(SmsClient.class).send("hi"))
				.satisfies((ex) -> assertThat(ex.attempts()).hasSize(2));
			assertThat(this.classifier.calls).hasValue(2);
		});
	}

	@Test
	void attemptsCarryTheirProviderKindCauseAndDuration() {
		this.a.behave(new FakeVendor.Delay(Duration.ofSeconds(2)));
		this.b.down();
		primaryA().withPropertyValues("third-party.sms.timeout=300ms", "third-party.sms.retry.max-attempts=2")
			.run((context) -> {
				ThirdPartyException failure = assertThrows(ThirdPartyException.class,
						() -> context.getBean(SmsClient.class).send("hi"));
				List<ThirdPartyException.Attempt> attempts = failure.attempts();
				assertThat(attempts).extracting((attempt) -> attempt.provider().name())
					.containsExactly("provider_a", "provider_b");
				assertThat(attempts).extracting(ThirdPartyException.Attempt::kind)
					.containsExactly(FailureKind.VENDOR_FAILURE, FailureKind.NOT_DELIVERED);
				assertThat(attempts.get(0).cause()).isInstanceOf(TimeoutException.class);
				assertThat(attempts.get(0).duration()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
				assertThat(attempts.get(1).duration()).isPositive();
				assertThat(failure.getCause()).isSameAs(attempts.get(1).cause());
			});
	}

	@Test
	void aFailureTheClassifierCallsTheCallersIsNeitherRetriedNorCountedByTheBreaker() {
		this.a.status(503);
		this.classifier.callersError = true;
		primaryA().run((context) -> {
			assertThatExceptionOfType(HttpServerErrorException.class)
				.isThrownBy(() -> context.getBean(SmsClient.class).send("hi"));
			assertThat(this.b.requests()).isZero();
			assertThat(this.classifier.calls).hasValue(1);
			assertThat(context.getBean(ProviderGuards.class)
				.find("sms.provider_a")
				.getCircuitBreaker()
				.getMetrics()
				.getNumberOfBufferedCalls()).isZero();
		});
	}

	/** A classifier that counts its calls and may call every failure the caller's. */
	static final class CountingClassifier extends FailureClassifier {

		final AtomicInteger calls = new AtomicInteger();

		volatile boolean callersError;

		CountingClassifier() {
			super(Clock.systemUTC());
		}

		@Override
		public FailureKind classify(Throwable failure, List<Class<? extends Throwable>> ignored) {
			this.calls.incrementAndGet();
			return this.callersError ? FailureKind.CALLER_ERROR : super.classify(failure, ignored);
		}

	}

}
