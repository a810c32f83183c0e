package io.thirdparty.signing;

import java.net.http.HttpClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyContext;
import io.thirdparty.autoconfigure.ThirdPartySigningAutoConfiguration;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.Secrets;
import io.thirdparty.test.SignatureCheck;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outbound authentication with WebClient against real HTTP vendors that check what they
 * get.
 */
class ExchangeSigningTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("vendor_a");

	private final FakeVendor b = this.vendors.start("vendor_b");

	private final String secretA = Secrets.random();

	private final String secretB = Secrets.random();

	private ApplicationContextRunner pay() {
		return PipelineRunner.create()
			.withConfiguration(AutoConfigurations.of(ThirdPartySigningAutoConfiguration.class))
			.withBean(PayWebClient.class)
			.withPropertyValues("third-party.pay.strategy=priority", "third-party.pay.retry.backoff=10ms",
					"third-party.pay.providers[0].name=a", "third-party.pay.providers[0].url=" + this.a.url(),
					"third-party.pay.providers[0].priority=1", "third-party.pay.providers[0].auth.type=hmac",
					"third-party.pay.providers[0].auth.secret=" + this.secretA, "third-party.pay.providers[1].name=b",
					"third-party.pay.providers[1].url=" + this.b.url(), "third-party.pay.providers[1].priority=2",
					"third-party.pay.providers[1].auth.type=hmac",
					"third-party.pay.providers[1].auth.secret=" + this.secretB);
	}

	@Test
	void vendorVerifiesTheSignatureOfAPostWithABody() {
		this.a.verify(SignatureCheck.withSecret(this.secretA));
		pay().run((context) -> {
			assertThat(context.getBean(PayWebClient.class).charge("W-1")).contains("vendor_a");
			assertThat(this.a.received()).singleElement()
				.satisfies((request) -> assertThat(new String(request.body())).contains("W-1"));
		});
	}

	@Test
	void vendorVerifiesTheSignatureOfAGetWithoutABody() {
		this.a.verify(SignatureCheck.withSecret(this.secretA));
		pay().run((context) -> assertThat(context.getBean(PayWebClient.class).status("W-2")).contains("vendor_a"));
	}

	@Test
	void afterFailoverTheSecondVendorGetsItsOwnSignature() {
		this.a.verify(SignatureCheck.withSecret(this.secretA)).status(503);
		this.b.verify(SignatureCheck.withSecret(this.secretB));
		pay().run((context) -> {
			assertThat(context.getBean(PayWebClient.class).charge("W-3")).contains("vendor_b");
			assertThat(this.a.received()).singleElement().matches(SignatureCheck.withSecret(this.secretA));
			assertThat(this.b.received()).singleElement().matches(SignatureCheck.withSecret(this.secretB));
		});
	}

	/**
	 * Calls the vendors of {@code pay} with a WebClient that has the signer.
	 */
	public static class PayWebClient {

		private final WebClient web;

		public PayWebClient(ThirdPartyExchangeSigner signer) {
			this.web = WebClient.builder()
				.clientConnector(new JdkClientHttpConnector(
						HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()))
				.filter(signer)
				.build();
		}

		@ThirdPartyCall(service = "pay")
		public String charge(String order) {
			Provider provider = ThirdPartyContext.provider();
			return this.web.post()
				.uri(provider.url() + "/charges")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"order\":\"" + order + "\"}")
				.retrieve()
				.bodyToMono(String.class)
				.block();
		}

		@ThirdPartyCall(service = "pay")
		public String status(String order) {
			Provider provider = ThirdPartyContext.provider();
			return this.web.get()
				.uri(provider.url() + "/charges/{order}", order)
				.retrieve()
				.bodyToMono(String.class)
				.block();
		}

	}

}
