package io.thirdparty.test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.thirdparty.autoconfigure.ThirdPartyHttpAutoConfiguration;
import io.thirdparty.autoconfigure.ThirdPartySigningAutoConfiguration;

/**
 * Application context runners with the starter's pipeline, signing and HTTP clients, and
 * Boot's HTTP client, {@code RestClient} and HTTP service client auto-configuration.
 */
public final class HttpRunner {

	private HttpRunner() {
	}

	/**
	 * Returns a runner with the pipeline and every HTTP auto-configuration.
	 * @return the runner
	 */
	public static ApplicationContextRunner create() {
		return PipelineRunner.create()
			.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
					ImperativeHttpClientAutoConfiguration.class, HttpServiceClientPropertiesAutoConfiguration.class,
					RestClientAutoConfiguration.class, HttpServiceClientAutoConfiguration.class,
					ThirdPartySigningAutoConfiguration.class, ThirdPartyHttpAutoConfiguration.class));
	}

	/**
	 * Returns a runner with service {@code price} on two vendors in priority order, the
	 * first under the given path prefix, each checking its own HMAC secret.
	 * @param a the first vendor
	 * @param prefix path of the first vendor's url, e.g. {@code /v2}
	 * @param secretA the first vendor's secret
	 * @param b the second vendor
	 * @param secretB the second vendor's secret
	 * @return the runner
	 */
	public static ApplicationContextRunner price(FakeVendor a, String prefix, String secretA, FakeVendor b,
			String secretB) {
		a.verify(SignatureCheck.withSecret(secretA));
		b.verify(SignatureCheck.withSecret(secretB));
		return create().withPropertyValues("third-party.price.strategy=priority",
				"third-party.price.retry.backoff=10ms", "third-party.price.providers[0].name=" + a.name(),
				"third-party.price.providers[0].url=" + a.url() + prefix, "third-party.price.providers[0].priority=1",
				"third-party.price.providers[0].auth.type=hmac",
				"third-party.price.providers[0].auth.secret=" + secretA,
				"third-party.price.providers[1].name=" + b.name(), "third-party.price.providers[1].url=" + b.url(),
				"third-party.price.providers[1].priority=2", "third-party.price.providers[1].auth.type=hmac",
				"third-party.price.providers[1].auth.secret=" + secretB);
	}

}
