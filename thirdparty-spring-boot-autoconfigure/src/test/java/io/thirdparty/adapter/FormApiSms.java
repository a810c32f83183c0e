package io.thirdparty.adapter;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

import io.thirdparty.ProviderSettings;
import io.thirdparty.ThirdPartyProvider;
import io.thirdparty.signing.ThirdPartyRestClients;

/**
 * Adapter of {@code provider_b}, whose API takes a form at {@code POST /sms/send} with a
 * bearer token.
 */
@ThirdPartyProvider("provider_b")
public class FormApiSms implements SmsGateway {

	private final ProviderSettings settings;

	private final RestClient rest;

	public FormApiSms(ProviderSettings settings, ObjectProvider<ThirdPartyRestClients> clients) {
		this.settings = settings;
		this.rest = AdapterTestVendors.restClient(clients);
	}

	@Override
	public String send(String phone, String text) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("To", phone);
		form.add("Body", text);
		Map<?, ?> answer = this.rest.post()
			.uri(this.settings.url() + "/sms/send")
			.header("Authorization", "Bearer " + this.settings.credentials().token())
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
