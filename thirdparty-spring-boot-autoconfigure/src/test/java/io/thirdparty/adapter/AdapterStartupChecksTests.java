package io.thirdparty.adapter;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.thirdparty.CallMode;
import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyProvider;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.test.FakeVendor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each way adapters can be wired wrong fails startup with an
 * {@link InvalidThirdPartyConfigurationException} naming the class and the provider.
 */
class AdapterStartupChecksTests {

	private final FakeVendor a = AdapterTestVendors.jsonVendor();

	private final FakeVendor b = AdapterTestVendors.formVendor();

	private final ApplicationContextRunner runner = AdapterTestVendors.runner(this.a, 50, this.b, 50);

	@AfterEach
	void stop() {
		this.a.close();
		this.b.close();
	}

	@Test
	void providerWithoutAnAdapterWhileOthersHaveOneFailsStartup() {
		this.runner.withBean(JsonApiSms.class)
			.withBean(FormApiSms.class)
			.withPropertyValues("third-party.sms.providers[2].name=provider_c",
					"third-party.sms.providers[2].url=http://127.0.0.1:9")
			.run((context) -> {
				InvalidThirdPartyConfigurationException failure = failure(context);
				assertThat(failure.getProperty()).isEqualTo("third-party.sms.providers[2].name");
				assertThat(failure.getValue()).isEqualTo("provider_c");
				assertThat(failure.getReason()).contains(SmsGateway.class.getName(), "JsonApiSms (provider_a)");
			});
	}

	@Test
	void adapterNamingAnUnknownProviderFailsStartup() {
		this.runner.withBean(JsonApiSms.class)
			.withBean(FormApiSms.class)
			.withBean(UnknownProviderSms.class)
			.run((context) -> {
				InvalidThirdPartyConfigurationException failure = failure(context);
				assertThat(failure.getValue().toString()).contains("provider_x", UnknownProviderSms.class.getName());
				assertThat(failure.getReason()).contains("no provider 'provider_x'");
			});
	}

	@Test
	void twoAdaptersForOneProviderFailStartup() {
		this.runner.withBean(JsonApiSms.class)
			.withBean(FormApiSms.class)
			.withBean(SecondProviderASms.class)
			.run((context) -> {
				InvalidThirdPartyConfigurationException failure = failure(context);
				assertThat(failure.getValue().toString()).contains("provider_a", JsonApiSms.class.getName(),
						SecondProviderASms.class.getName());
			});
	}

	@Test
	void queuedInterfaceMethodReturningAValueFailsStartup() {
		this.runner.withBean(CountingA.class).withBean(CountingB.class).run((context) -> {
			InvalidThirdPartyConfigurationException failure = failure(context);
			assertThat(failure.getProperty()).contains(CountingGateway.class.getName() + ".count");
			assertThat(failure.getValue()).isEqualTo(CallMode.QUEUED);
		});
	}

	@Test
	void adapterOfNoThirdPartyCallInterfaceFailsStartup() {
		this.runner.withBean(NotAnAdapter.class).run((context) -> {
			InvalidThirdPartyConfigurationException failure = failure(context);
			assertThat(failure.getValue().toString()).contains("provider_a", NotAnAdapter.class.getName());
		});
	}

	private static InvalidThirdPartyConfigurationException failure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable cause = context.getStartupFailure();
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		assertThat(cause).isInstanceOf(InvalidThirdPartyConfigurationException.class);
		return (InvalidThirdPartyConfigurationException) cause;
	}

	@ThirdPartyProvider("provider_x")
	static class UnknownProviderSms implements SmsGateway {

		@Override
		public String send(String phone, String text) {
			return "x";
		}

		@Override
		public CompletableFuture<String> sendAsync(String phone, String text) {
			return CompletableFuture.completedFuture("x");
		}

	}

	@ThirdPartyProvider("provider_a")
	static class SecondProviderASms extends UnknownProviderSms {

	}

	@ThirdPartyCall(service = "sms")
	interface CountingGateway {

		@ThirdPartyCall(service = "sms", mode = CallMode.QUEUED)
		Integer count(String text);

	}

	@ThirdPartyProvider("provider_a")
	static class CountingA implements CountingGateway {

		@Override
		public Integer count(String text) {
			return 1;
		}

	}

	@ThirdPartyProvider("provider_b")
	static class CountingB extends CountingA {

	}

	@ThirdPartyProvider("provider_a")
	static class NotAnAdapter implements Runnable {

		@Override
		public void run() {
		}

	}

}
