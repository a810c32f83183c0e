package io.thirdparty.adapter;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

import io.thirdparty.ProviderSettings;
import io.thirdparty.ThirdPartyProvider;
import io.thirdparty.autoconfigure.ThirdPartyAdapterAutoConfiguration;
import io.thirdparty.signing.ThirdPartyRestClients;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.HttpRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adapters that build their client with {@link ThirdPartyRestClients#builder(String)}: a vendor
 * that accepts the connection and never answers is cut by the service's read timeout, and the
 * call fails over to the other vendor's adapter.
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
			.withBean(StarterClientJsonSms.class)
			.withBean(StarterClientFormSms.class)
			.run((context) -> {
				long start = System.nanoTime();
				assertThat(context.getBean(SmsGateway.class).send("+4915112345678", "hello")).isEqualTo("form:provider_b");
				// far below the 10 s default: the configured 1 s read timeout ended the held attempt
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
				assertThat(this.a.requests()).isEqualTo(1);
				assertThat(this.b.requests()).isEqualTo(1);
			});
	}

	/** {@code provider_a}'s JSON API over the starter's client, which adds the API key. */
	@ThirdPartyProvider("provider_a")
	static class StarterClientJsonSms implements SmsGateway {

		private final ProviderSettings settings;

		private final RestClient rest;

		StarterClientJsonSms(ProviderSettings settings, ThirdPartyRestClients clients) {
			this.settings = settings;
			this.rest = clients.builder("sms").build();
		}

		@Override
		public String send(String phone, String text) {
			Map<?, ?> answer = this.rest.post()
				.uri(this.settings.url() + "/v1/messages")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("to", phone, "text", text))
				.retrieve()
				.body(Map.class);
			return "json:" + answer.get("vendor");
		}

		@Override
		public CompletableFuture<String> sendAsync(String phone, String text) {
			return CompletableFuture.completedFuture(send(phone, text));
		}

	}

	/** {@code provider_b}'s form API over the starter's client, which adds the bearer token. */
	@ThirdPartyProvider("provider_b")
	static class StarterClientFormSms implements SmsGateway {

		private final ProviderSettings settings;

		private final RestClient rest;

		StarterClientFormSms(ProviderSettings settings, ThirdPartyRestClients clients) {
			this.settings = settings;
			this.rest = clients.builder("sms").build();
		}

		@Override
		public String send(String phone, String text) {
			MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
			form.add("To", phone);
			form.add("Body", text);
			Map<?, ?> answer = this.rest.post()
				.uri(this.settings.url() + "/sms/send")
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(form)
				.retrieve()
				.body(Map.class);
			return "form:" + answer.get("vendor");
		}

		@Override
		public CompletableFuture<String> sendAsync(String phone, String text) {
			return CompletableFuture.completedFuture(send(phone, text));
		}

	}

}
