package io.thirdparty.signing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.thirdparty.autoconfigure.ThirdPartyHttpAutoConfiguration;
import io.thirdparty.autoconfigure.ThirdPartySigningAutoConfiguration;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PayClient;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.Secrets;
import io.thirdparty.test.SignatureCheck;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outbound authentication with RestClient against real HTTP vendors that check what they
 * get.
 */
class RequestSigningTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("vendor_a");

	private final FakeVendor b = this.vendors.start("vendor_b");

	private final FakeVendor other = this.vendors.start("other");

	private final String secretA = Secrets.random();

	private final String secretB = Secrets.random();

	private ApplicationContextRunner pay() {
		return PipelineRunner.create()
			.withConfiguration(AutoConfigurations.of(ThirdPartySigningAutoConfiguration.class,
					ThirdPartyHttpAutoConfiguration.class))
			.withBean(PayClient.class)
			.withPropertyValues("third-party.pay.strategy=priority", "third-party.pay.retry.backoff=10ms",
					"third-party.pay.providers[0].name=a", "third-party.pay.providers[0].url=" + this.a.url(),
					"third-party.pay.providers[0].priority=1", "third-party.pay.providers[0].auth.type=hmac",
					"third-party.pay.providers[0].auth.secret=" + this.secretA, "third-party.pay.providers[1].name=b",
					"third-party.pay.providers[1].url=" + this.b.url(), "third-party.pay.providers[1].priority=2",
					"third-party.pay.providers[1].auth.type=hmac",
					"third-party.pay.providers[1].auth.secret=" + this.secretB);
	}

	@Test
	void vendorVerifiesTheSignatureOfMethodPathQueryAndBody() {
		this.a.verify(SignatureCheck.withSecret(this.secretA));
		pay().run((context) -> {
			assertThat(context.getBean(PayClient.class).charge("A-1")).contains("vendor_a");
			assertThat(this.a.received()).singleElement().satisfies((request) -> {
				assertThat(request.target()).isEqualTo("/charges?order=A-1&currency=EUR");
				assertThat(request.header("X-Nonce")).hasSize(32);
			});
		});
	}

	@Test
	void afterFailoverTheSecondVendorGetsItsOwnSignature() {
		this.a.verify(SignatureCheck.withSecret(this.secretA)).status(503);
		this.b.verify(SignatureCheck.withSecret(this.secretB));
		pay().run((context) -> {
			assertThat(context.getBean(PayClient.class).charge("A-2")).contains("vendor_b");
			assertThat(this.a.received()).singleElement().matches(SignatureCheck.withSecret(this.secretA));
			assertThat(this.b.received()).singleElement()
				.matches(SignatureCheck.withSecret(this.secretB))
				.matches((request) -> !SignatureCheck.withSecret(this.secretA).test(request));
		});
	}

	@Test
	void apiKeyIsSentInItsHeader() {
		String key = Secrets.random();
		PipelineRunner.create()
			.withConfiguration(AutoConfigurations.of(ThirdPartySigningAutoConfiguration.class,
					ThirdPartyHttpAutoConfiguration.class))
			.withBean(PayClient.class)
			.withPropertyValues("third-party.pay.providers[0].name=a",
					"third-party.pay.providers[0].url=" + this.a.url(),
					"third-party.pay.providers[0].auth.type=api-key",
					"third-party.pay.providers[0].auth.header-name=X-Vendor-Key",
					"third-party.pay.providers[0].auth.key=" + key)
			.run((context) -> {
				context.getBean(PayClient.class).charge("A-3");
				assertThat(this.a.received()).singleElement()
					.satisfies((request) -> assertThat(request.header("X-Vendor-Key")).isEqualTo(key));
			});
	}

	@Test
	void bearerTokenIsSentAsAuthorization() {
		String token = Secrets.random();
		PipelineRunner.create()
			.withConfiguration(AutoConfigurations.of(ThirdPartySigningAutoConfiguration.class,
					ThirdPartyHttpAutoConfiguration.class))
			.withBean(PayClient.class)
			.withPropertyValues("third-party.pay.providers[0].name=a",
					"third-party.pay.providers[0].url=" + this.a.url(), "third-party.pay.providers[0].auth.type=bearer",
					"third-party.pay.providers[0].auth.token=" + token)
			.run((context) -> {
				context.getBean(PayClient.class).charge("A-4");
				assertThat(this.a.received()).singleElement()
					.satisfies((request) -> assertThat(request.header("Authorization")).isEqualTo("Bearer " + token));
			});
	}

	@Test
	void requestToAnotherHostDuringAnAttemptCarriesNoCredentials() {
		pay().run((context) -> {
			context.getBean(PayClient.class).elsewhere(this.other.url());
			assertThat(this.other.received()).singleElement().satisfies((request) -> {
				assertThat(request.header("X-Signature")).isNull();
				assertThat(request.header("X-Timestamp")).isNull();
			});
		});
	}

	@Test
	void requestOutsideAnAttemptIsSentUnchanged() {
		pay().run((context) -> {
			context.getBean(PayClient.class).outside(this.a.url());
			assertThat(this.a.received()).singleElement()
				.satisfies((request) -> assertThat(request.header("X-Signature")).isNull());
		});
	}

}
