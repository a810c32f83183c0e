package io.thirdparty.test;

import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyContext;
import io.thirdparty.signing.ThirdPartyRestClients;

/**
 * A bean calling the vendors of service {@code pay} with a {@link RestClient} from
 * {@link ThirdPartyRestClients}, so that each request is authenticated for the attempt's
 * provider.
 */
public class PayClient {

	private final RestClient rest;

	public PayClient(ThirdPartyRestClients clients) {
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(1))
			.build());
		factory.setReadTimeout(Duration.ofSeconds(2));
		this.rest = clients.builder().requestFactory(factory).build();
	}

	/** Posts a JSON charge with a query parameter. */
	@ThirdPartyCall(service = "pay")
	public String charge(String order) {
		Provider provider = ThirdPartyContext.provider();
		return this.rest.post()
			.uri(provider.url() + "/charges?order={order}&currency=EUR", order)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"order\":\"" + order + "\",\"amount\":1250}")
			.retrieve()
			.body(String.class);
	}

	/** Calls another URL than the provider's during an attempt. */
	@ThirdPartyCall(service = "pay")
	public String elsewhere(String url) {
		return this.rest.get().uri(url + "/other").retrieve().body(String.class);
	}

	/** Calls a URL outside any attempt. */
	public String outside(String url) {
		return this.rest.get().uri(url + "/outside").retrieve().body(String.class);
	}

}
