package io.thirdparty.signing;

import java.util.function.Supplier;

import org.springframework.web.client.RestClient;

/**
 * Gives {@link RestClient.Builder}s that already sign requests made inside a
 * {@code @ThirdPartyCall} with the attempt's provider's credentials: Boot's builder (with its
 * message converters, observation and customizers) when the application has one, else a plain
 * one, plus the {@link ThirdPartyRequestSigner}.
 */
public class ThirdPartyRestClients {

	private final Supplier<RestClient.Builder> builders;

	private final ThirdPartyRequestSigner signer;

	/**
	 * Creates the factory.
	 * @param builders gives a new builder on each call
	 * @param signer the signer to add
	 */
	public ThirdPartyRestClients(Supplier<RestClient.Builder> builders, ThirdPartyRequestSigner signer) {
		this.builders = builders;
		this.signer = signer;
	}

	/**
	 * Returns a new builder with the signer added.
	 * @return the builder
	 */
	public RestClient.Builder builder() {
		return this.builders.get().requestInterceptor(this.signer);
	}

}
