package io.thirdparty.adapter;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;

import io.thirdparty.autoconfigure.ThirdPartyAdapterAutoConfiguration;
import io.thirdparty.signing.ThirdPartyRestClients;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.HttpRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adapters whose client comes from {@link ThirdPartyRestClients#builder(String)} (the
 * test adapters take it when the application has it): a vendor that accepts the
 * connection and never answers is cut by the service's read timeout, and the call fails
 * over to the other vendor's adapter.
 */
class AdapterReadTimeoutTests {

	private final FakeVendor a = AdapterTestVendors.jsonVendor();

	private final FakeVendor b = AdapterTestVendors.formVendor();

	@AfterEach
	void stop() {
		this.a.release();
		this.a.close();
		this.b.close();
	}

	@Test
	void vendorThatNeverAnswersIsFailedOverWithinTheReadTimeout() {
		this.a.hold();
		HttpRunner.create()
			.withConfiguration(AutoConfigurations.of(ThirdPartyAdapterAutoConfiguration.class))
			.withPropertyValues("third-party.sms.strategy=priority", "third-party.sms.retry.backoff=10ms",
					"third-party.sms.http.read-timeout=1s")
			.withPropertyValues(AdapterTestVendors.providers(this.a.url(), 50, this.b.url(), 50)
				.entrySet()
				.stream()
				.map((entry) -> entry.getKey() + "=" + entry.getValue())
				.toArray(String[]::new))
			.withPropertyValues("third-party.sms.providers[0].priority=1", "third-party.sms.providers[1].priority=2")
			.withBean(JsonApiSms.class)
			.withBean(FormApiSms.class)
			.run((context) -> {
				long start = System.nanoTime();
				assertThat(context.getBean(SmsGateway.class).send("+4915112345678", "hello"))
					.isEqualTo("form:provider_b");
				// far below the 10 s default: the configured 1 s read timeout ended the
				// held attempt
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
				assertThat(this.a.requests()).isEqualTo(1);
				assertThat(this.b.requests()).isEqualTo(1);
			});
	}

}
