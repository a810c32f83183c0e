package io.thirdparty.signing;

import java.util.function.Supplier;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.web.client.RestClient;

import io.thirdparty.http.ThirdPartyRequestFactories;

/**
 * Gives {@link RestClient.Builder}s for the code of a {@code @ThirdPartyCall} (an
 * adapter's own client): Boot's builder (with its message converters, observation and
 * customizers) when the application has one, else a plain one, plus the
 * {@link ThirdPartyRequestSigner}, which signs each request with the attempt's provider's
 * credentials, and a request factory bounded by the connect and read timeouts of
 * {@code third-party.<service>.http}. <pre class="code">
 * SmsSender(ThirdPartyRestClients clients) {
 *     this.rest = clients.builder("sms").build();
 * }
 * </pre> Redirects and the SSL bundle of {@code spring.http.clients} still apply; its
 * timeouts do not.
 */
public class ThirdPartyRestClients {

	private final Supplier<RestClient.Builder> builders;

	private final ThirdPartyRequestSigner signer;

	private final ThirdPartyRequestFactories requestFactories;

	private final HttpClientSettings base;

	/**
	 * Creates the factory.
	 * @param builders gives a new builder on each call
	 * @param signer the signer to add
	 * @param requestFactories gives the request factories with each service's timeouts
	 * @param base the application's other client settings (redirects, SSL bundle);
	 * timeouts set here win over the services'
	 */
	public ThirdPartyRestClients(Supplier<RestClient.Builder> builders, ThirdPartyRequestSigner signer,
			ThirdPartyRequestFactories requestFactories, HttpClientSettings base) {
		this.builders = builders;
		this.signer = signer;
		this.requestFactories = requestFactories;
		this.base = base;
	}

	/**
	 * Returns a new builder with the signer added and the timeouts of the service whose
	 * attempt each request is made in ({@code third-party.defaults.http} outside an
	 * attempt).
	 * @return the builder
	 */
	public RestClient.Builder builder() {
		return this.builders.get()
			.requestFactory(this.requestFactories.forCurrentAttempt(this.base))
			.requestInterceptor(this.signer);
	}

	/**
	 * Returns a new builder with the signer added and the timeouts of one service.
	 * @param service the service, {@code third-party.<service>.http}
	 * @return the builder
	 */
	public RestClient.Builder builder(String service) {
		return this.builders.get()
			.requestFactory(this.requestFactories.forService(service, this.base))
			.requestInterceptor(this.signer);
	}

}
