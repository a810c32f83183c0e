package io.thirdparty.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.web.client.HttpServerErrorException;

import io.thirdparty.ThirdPartyException;
import io.thirdparty.resilience.ProviderUnavailableException;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a call gives when every provider failed.
 */
class FallbackTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("provider_a");

	private final FakeVendor b = this.vendors.start("provider_b");

	@Test
	void fallbackAnswersWhenEveryProviderFailed() {
		this.a.down();
		this.b.status(502);
		PipelineRunner.sms(this.a, 50, this.b, 50).run((context) -> {
			SmsClient sms = context.getBean(SmsClient.class);
			assertThat(sms.sendOrQueue("hi")).isEqualTo("queued:hi");
			assertThat(sms.fallbacks()).isEqualTo(1);
		});
	}

	@Test
	void fallbackMayReceiveTheFailure() {
		this.a.status(500);
		this.b.status(500);
		PipelineRunner.sms(this.a, 50, this.b, 50)
			.run((context) -> assertThat(context.getBean(SmsClient.class).sendOrExplain("hi"))
				.isEqualTo("queued:hi:3"));
	}

	@Test
	void fallbackIsNotUsedWhileAProviderSucceeds() {
		this.a.status(500);
		PipelineRunner.sms(this.a, 50, this.b, 50).run((context) -> {
			SmsClient sms = context.getBean(SmsClient.class);
			assertThat(sms.sendOrQueue("hi")).isEqualTo("{\"vendor\":\"provider_b\"}");
			assertThat(sms.fallbacks()).isZero();
		});
	}

	@Test
	void exceptionNamesTheServiceAndEveryAttemptWithItsProviderAndCause() {
		this.a.status(500);
		this.b.status(503);
		PipelineRunner.sms(this.a, 50, this.b, 50).run((context) -> {
			ThirdPartyException ex = org.junit.jupiter.api.Assertions.assertThrows(ThirdPartyException.class,
					() -> context.getBean(SmsClient.class).send("hi"));
			assertThat(ex.service()).isEqualTo("sms");
			assertThat(ex.attempts()).hasSize(3);
			assertThat(ex.attempts()).extracting((attempt) -> attempt.provider().name())
				.contains("provider_a", "provider_b");
			assertThat(ex.attempts())
				.allSatisfy((attempt) -> assertThat(attempt.cause()).isInstanceOf(HttpServerErrorException.class));
			assertThat(ex.getMessage()).contains("sms", "provider_a", "provider_b", "3 attempt(s)");
			assertThat(ex.getCause()).isSameAs(ex.attempts().get(2).cause());
			assertThat(ex.getSuppressed()).hasSize(2);
		});
	}

	@Test
	void callFailsAtOnceWhenEveryBreakerIsOpen() {
		this.a.status(500);
		this.b.status(500);
		PipelineRunner.sms(this.a, 50, this.b, 50)
			.withPropertyValues("third-party.sms.circuit-breaker.sliding-window-size=2",
					"third-party.sms.circuit-breaker.minimum-calls=2",
					"third-party.sms.circuit-breaker.wait-in-open=1h")
			.run((context) -> {
				SmsClient sms = context.getBean(SmsClient.class);
				for (int i = 0; i < 3; i++) {
					assertThatExceptionOfType(ThirdPartyException.class).isThrownBy(() -> sms.send("hi"));
				}
				int requests = this.a.requests() + this.b.requests();
				assertThatExceptionOfType(ThirdPartyException.class).isThrownBy(() -> sms.send("hi"))
					.satisfies((ex) -> assertThat(ex.attempts()).hasSize(2)
						.allSatisfy((attempt) -> assertThat(attempt.cause())
							.isInstanceOf(ProviderUnavailableException.class)
							.hasMessageContaining("circuit breaker open")));
				assertThat(this.a.requests() + this.b.requests()).isEqualTo(requests);
				assertThat(sms.sendOrQueue("hi")).isEqualTo("queued:hi");
			});
	}

}
