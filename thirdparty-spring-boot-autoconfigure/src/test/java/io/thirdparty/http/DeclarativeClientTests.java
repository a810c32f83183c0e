package io.thirdparty.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.service.registry.ImportHttpServices;

import io.thirdparty.autoconfigure.ThirdPartyAsyncAutoConfiguration;
import io.thirdparty.autoconfigure.ThirdPartyCacheAutoConfiguration;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendor.Reset;
import io.thirdparty.test.HttpRunner;
import io.thirdparty.test.Secrets;
import io.thirdparty.test.SignatureCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A Spring HTTP service interface annotated {@code @ThirdPartyCall} and registered in the
 * group named like its service, against real HTTP vendors that verify their own HMAC
 * signature.
 */
class DeclarativeClientTests {

	private final FakeVendor a = FakeVendor.start("vendor_a");

	private final FakeVendor b = FakeVendor.start("vendor_b");

	private final String secretA = Secrets.random();

	private final String secretB = Secrets.random();

	@AfterEach
	void stop() {
		this.a.release();
		this.a.close();
		this.b.close();
	}

	private ApplicationContextRunner price() {
		return HttpRunner.price(this.a, "/v2", this.secretA, this.b, this.secretB)
			.withUserConfiguration(PriceApis.class);
	}

	@Test
	void requestGoesToTheProvidersHostAndPathPrefixSignedForIt() {
		price().run((context) -> {
			assertThat(context.getBean(PriceApi.class).price("S1").vendor()).isEqualTo("vendor_a");
			assertThat(this.a.received()).singleElement().satisfies((request) -> {
				assertThat(request.target()).isEqualTo("/v2/prices/S1");
				assertThat(request).matches(SignatureCheck.withSecret(this.secretA));
			});
			assertThat(this.b.requests()).isZero();
		});
	}

	@Test
	void vendorErrorFailsOverToTheNextProviderWithItsOwnCredentials() {
		this.a.status(503);
		price().run((context) -> {
			assertThat(context.getBean(PriceApi.class).price("S1").vendor()).isEqualTo("vendor_b");
			assertThat(this.a.requests()).isEqualTo(1);
			assertThat(this.b.received()).singleElement().satisfies((request) -> {
				assertThat(request.target()).isEqualTo("/prices/S1");
				assertThat(request).matches(SignatureCheck.withSecret(this.secretB))
					.matches((signed) -> !SignatureCheck.withSecret(this.secretA).test(signed));
			});
		});
	}

	@Test
	void resetConnectionFailsOverToTheNextProvider() {
		this.a.behave(new Reset());
		price().run((context) -> {
			assertThat(context.getBean(PriceApi.class).price("S1").vendor()).isEqualTo("vendor_b");
			assertThat(this.a.requests()).isEqualTo(1);
		});
	}

	@Test
	void vendorThatNeverAnswersFailsOverWithinTheReadTimeout() {
		this.a.hold();
		price().withPropertyValues("third-party.price.http.read-timeout=1s").run((context) -> {
			long start = System.nanoTime();
			assertThat(context.getBean(PriceApi.class).price("S1").vendor()).isEqualTo("vendor_b");
			// well under the 10 s default read timeout: the configured one cut the
			// attempt
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
			assertThat(this.a.requests()).isEqualTo(1);
		});
	}

	@Test
	void clientErrorIsNotRetried() {
		this.a.status(400);
		price().run((context) -> {
			assertThatExceptionOfType(HttpClientErrorException.BadRequest.class)
				.isThrownBy(() -> context.getBean(PriceApi.class).price("S1"));
			assertThat(this.a.requests()).isEqualTo(1);
			assertThat(this.b.requests()).isZero();
		});
	}

	@Test
	void cachedCallIsServedFromTheCache() {
		price().withConfiguration(AutoConfigurations.of(ThirdPartyCacheAutoConfiguration.class))
			.withPropertyValues("third-party.price.cache.ttl=1m")
			.run((context) -> {
				PriceApi prices = context.getBean(PriceApi.class);
				assertThat(prices.price("S1").vendor()).isEqualTo("vendor_a");
				assertThat(prices.price("S1").vendor()).isEqualTo("vendor_a");
				assertThat(prices.price("S2").vendor()).isEqualTo("vendor_a");
				assertThat(this.a.received()).extracting(FakeVendor.Received::target)
					.containsExactly("/v2/prices/S1", "/v2/prices/S2");
			});
	}

	@Test
	void completableFutureMethodCompletesWithTheBodyAfterFailover() {
		this.a.status(503);
		price()
			.withConfiguration(
					AutoConfigurations.of(JacksonAutoConfiguration.class, ThirdPartyAsyncAutoConfiguration.class))
			.run((context) -> {
				VendorAnswer answer = context.getBean(PriceApi.class).priceLater("S1").get(30, TimeUnit.SECONDS);
				assertThat(answer.vendor()).isEqualTo("vendor_b");
				assertThat(this.a.requests()).isEqualTo(1);
				assertThat(this.b.requests()).isEqualTo(1);
			});
	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "price", types = PriceApi.class)
	static class PriceApis {

	}

}
