package io.thirdparty.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.retry.support.RetrySynchronizationManager;
import org.springframework.web.client.HttpClientErrorException;

import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyException;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Which failures are retried, and how.
 */
class RetryTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("provider_a");

	private final FakeVendor b = this.vendors.start("provider_b");

	@Test
	void clientErrorIsNotRetriedAndReachesTheCallerUnchanged() {
		this.a.status(400);
		this.b.status(400);
		PipelineRunner.sms(this.a, 50, this.b, 50).run((context) -> {
			assertThatExceptionOfType(HttpClientErrorException.BadRequest.class)
				.isThrownBy(() -> context.getBean(SmsClient.class).send("hi"));
			assertThat(this.a.requests() + this.b.requests()).isEqualTo(1);
		});
	}

	@Test
	void ignoredExceptionIsNotRetriedAndReachesTheCallerUnchanged() {
		this.a.status(500);
		this.b.status(500);
		PipelineRunner.sms(this.a, 50, this.b, 50)
			.withPropertyValues("third-party.sms.retry.ignore-exceptions="
					+ "org.springframework.web.client.HttpServerErrorException")
			.run((context) -> {
				assertThatExceptionOfType(org.springframework.web.client.HttpServerErrorException.class)
					.isThrownBy(() -> context.getBean(SmsClient.class).send("hi"));
				assertThat(this.a.requests() + this.b.requests()).isEqualTo(1);
			});
	}

	@Test
	void nonIdempotentCallIsNotRetriedAfterATimeout() {
		this.a.hold();
		primaryA().withPropertyValues("third-party.sms.timeout=1s").run((context) -> {
			try {
				assertThatExceptionOfType(ThirdPartyException.class)
					.isThrownBy(() -> context.getBean(SmsClient.class).charge("pay 10"))
					.satisfies((ex) -> assertThat(ex.attempts()).hasSize(1));
				// the vendor counts a request once it has read it, which a loaded machine
				// may do late
				await().atMost(Duration.ofSeconds(10)).until(() -> this.a.requests() == 1);
				assertThat(this.b.requests()).isZero();
			}
			finally {
				this.a.release();
			}
		});
	}

	@Test
	void nonIdempotentCallIsNotRetriedAfterA500() {
		this.a.status(500);
		primaryA().run((context) -> {
			assertThatExceptionOfType(ThirdPartyException.class)
				.isThrownBy(() -> context.getBean(SmsClient.class).charge("pay 10"));
			assertThat(this.b.requests()).isZero();
		});
	}

	@Test
	void nonIdempotentCallFailsOverWhenTheRequestNeverLeft() {
		this.a.down();
		primaryA().run((context) -> {
			assertThat(context.getBean(SmsClient.class).charge("pay 10")).isEqualTo("{\"vendor\":\"provider_b\"}");
			assertThat(this.b.requests()).isEqualTo(1);
		});
	}

	@Test
	void tooManyRequestsWaitsForRetryAfterBeforeCallingTheVendorAgain() {
		this.a.once(new FakeVendor.Status(429, Map.of("Retry-After", "1")));
		PipelineRunner.sms(this.a, 100).run((context) -> {
			assertThat(context.getBean(SmsClient.class).send("hi")).isEqualTo("{\"vendor\":\"provider_a\"}");
			List<Long> times = this.a.requestTimes();
			assertThat(times).hasSize(2);
			assertThat(TimeUnit.NANOSECONDS.toMillis(times.get(1) - times.get(0))).isGreaterThanOrEqualTo(950);
		});
	}

	@Test
	void retryReusesAProviderOnlyAfterTryingTheOthers() {
		this.a.once(new FakeVendor.Status(503, Map.of()));
		this.b.once(new FakeVendor.Status(503, Map.of()));
		PipelineRunner.sms(this.a, 50, this.b, 50).run((context) -> {
			String answer = context.getBean(SmsClient.class).whoAnswers("hi");
			assertThat(answer).endsWith("#3");
			assertThat(this.a.requests() + this.b.requests()).isEqualTo(3);
			assertThat(this.a.requests()).isPositive();
			assertThat(this.b.requests()).isPositive();
		});
	}

	@Test
	void maxAttemptsBoundsTheNumberOfVendorRequests() {
		this.a.status(500);
		this.b.status(500);
		PipelineRunner.sms(this.a, 50, this.b, 50)
			.withPropertyValues("third-party.sms.retry.max-attempts=5")
			.run((context) -> {
				assertThatExceptionOfType(ThirdPartyException.class)
					.isThrownBy(() -> context.getBean(SmsClient.class).send("hi"))
					.satisfies((ex) -> assertThat(ex.attempts()).hasSize(5));
				assertThat(this.a.requests() + this.b.requests()).isEqualTo(5);
			});
	}

	@Test
	void theFirstAttemptIsAStraightCallAndOnlyARetryEntersSpringRetry() {
		primaryA().withBean(RetryContextRecorder.class).run((context) -> {
			RetryContextRecorder recorder = context.getBean(RetryContextRecorder.class);
			assertThat(recorder.send("hi")).isEqualTo("{\"vendor\":\"provider_a\"}");
			assertThat(recorder.inRetryContext()).containsExactly(false);
			this.a.status(503);
			assertThat(recorder.send("hi")).isEqualTo("{\"vendor\":\"provider_b\"}");
			assertThat(recorder.inRetryContext()).containsExactly(false, false, true);
		});
	}

	private org.springframework.boot.test.context.runner.ApplicationContextRunner primaryA() {
		return PipelineRunner.sms(this.a, 50, this.b, 50)
			.withPropertyValues("third-party.sms.strategy=priority", "third-party.sms.providers[1].priority=1");
	}

	/**
	 * Records, per attempt, whether it runs inside a Spring Retry context.
	 */
	static class RetryContextRecorder {

		private final List<Boolean> inRetryContext = new CopyOnWriteArrayList<>();

		private final SmsClient sms = new SmsClient();

		@ThirdPartyCall(service = "sms")
		public String send(String text) {
			this.inRetryContext.add(RetrySynchronizationManager.getContext() != null);
			return this.sms.send(text);
		}

		List<Boolean> inRetryContext() {
			return this.inRetryContext;
		}

	}

}
