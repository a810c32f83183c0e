package io.thirdparty.adapter;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import io.thirdparty.ProviderSettings;
import io.thirdparty.ThirdPartyProvider;
import io.thirdparty.VendorException;
import io.thirdparty.signing.ThirdPartyRestClients;

/**
 * Adapter of {@code provider_a}, whose API takes JSON at {@code POST /v1/messages} with
 * an {@code X-Api-Key} header, and reports business errors in a 200 answer's
 * {@code code}.
 */
@ThirdPartyProvider("provider_a")
public class JsonApiSms implements SmsGateway {

	private final ProviderSettings settings;

	private final RestClient rest;

	public JsonApiSms(ProviderSettings settings, ObjectProvider<ThirdPartyRestClients> clients) {
		this.settings = settings;
		this.rest = AdapterTestVendors.restClient(clients);
	}

	@Override
	public String send(String phone, String text) {
		Map<?, ?> answer = this.rest.post()
			.uri(this.settings.url() + "/v1/messages")
			.header(this.settings.credentials().headerName(), this.settings.credentials().key())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("to", phone, "text", text))
			.retrieve()
			.body(Map.class);
		if (answer.containsKey("code")) {
			throw VendorException.businessError(String.valueOf(answer.get("code")),
					String.valueOf(answer.get("message")));
		}
		return "json:" + answer.get("vendor");
	}

	@Override
	public CompletableFuture<String> sendAsync(String phone, String text) {
		return CompletableFuture.completedFuture(send(phone, text));
	}

}
