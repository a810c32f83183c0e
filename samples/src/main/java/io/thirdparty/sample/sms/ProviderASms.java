package io.thirdparty.sample.sms;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import io.thirdparty.ProviderSettings;
import io.thirdparty.ThirdPartyProvider;
import io.thirdparty.VendorException;

/**
 * The adapter of {@code provider_a}, whose API (Aliyun's style) takes JSON at
 * {@code POST /v2/sms/messages} with the API key in a header, and answers {@code 200}
 * with a {@code code}: {@code OK}, a business error ({@code isv.*}, such as an invalid
 * number, which the other vendor would refuse too), or a failure of its own.
 * <p>
 * The url and the API key come from the provider's configuration through
 * {@link ProviderSettings}, read on each call. The HTTP client is built from Boot's
 * {@link RestClient.Builder}, so its timeouts come from {@code spring.http.clients.*}.
 */
@Component
@ThirdPartyProvider("provider_a")
class ProviderASms extends VendorSmsAdapter {

	ProviderASms(ProviderSettings settings, RestClient.Builder rest) {
		super(settings, rest);
	}

	@Override
	protected String post(String phone, String text) {
		ProviderSettings.Credentials credentials = this.settings.credentials();
		Answer answer = this.rest.post()
			.uri(this.settings.url() + "/v2/sms/messages")
			.header(credentials.headerName(), credentials.key())
			.contentType(MediaType.APPLICATION_JSON)
			.body(new Message(phone, text))
			.retrieve()
			.body(Answer.class);
		if (answer == null || !"OK".equals(answer.code())) {
			String code = (answer != null) ? answer.code() : null;
			String message = "provider_a answered " + code + ((answer != null) ? ": " + answer.message() : "");
			throw (code != null && code.startsWith("isv.")) ? VendorException.businessError(code, message)
					: VendorException.retryElsewhere(code, message);
		}
		return answer.bizId();
	}

	/** What the vendor's API takes. */
	record Message(String phoneNumber, String content) {
	}

	/** What the vendor's API answers, also on errors. */
	record Answer(String code, String message, String bizId) {
	}

}
