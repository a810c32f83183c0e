package io.thirdparty.sample.sms;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import io.thirdparty.ProviderSettings;
import io.thirdparty.ThirdPartyProvider;
import io.thirdparty.VendorException;

/**
 * The adapter of {@code provider_b}, whose API (Twilio's style) takes a form at
 * {@code POST /2024-01/Messages}, signed with an HMAC of the timestamp and the body, and
 * answers errors with an HTTP status and an {@code error_code}: {@code 21211} (an invalid
 * number) is a business error the other vendor would share, so it is not retried.
 * <p>
 * The url and the HMAC secret come from the provider's configuration through
 * {@link ProviderSettings}, read on each call.
 */
@Component
@ThirdPartyProvider("provider_b")
class ProviderBSms extends VendorSmsAdapter {

	private static final int INVALID_NUMBER = 21211;

	private final Clock clock = Clock.systemUTC();

	ProviderBSms(ProviderSettings settings, RestClient.Builder rest) {
		super(settings, rest);
	}

	@Override
	protected String post(String phone, String text) {
		String form = "To=" + URLEncoder.encode(phone, StandardCharsets.UTF_8) + "&Body="
				+ URLEncoder.encode(text, StandardCharsets.UTF_8);
		String timestamp = Long.toString(this.clock.instant().getEpochSecond());
		try {
			Answer answer = this.rest.post()
				.uri(this.settings.url() + "/2024-01/Messages")
				.header("X-Timestamp", timestamp)
				.header("Authorization", "HMAC-SHA256 " + sign(timestamp + "\n" + form))
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(form)
				.retrieve()
				.body(Answer.class);
			return (answer != null) ? answer.sid() : null;
		}
		catch (HttpClientErrorException ex) {
			Error error = (ex.getStatusCode() == HttpStatus.BAD_REQUEST) ? ex.getResponseBodyAs(Error.class) : null;
			if (error != null && error.error_code() == INVALID_NUMBER) {
				throw new VendorException(VendorException.Kind.BUSINESS_ERROR, Integer.toString(error.error_code()),
						"provider_b answered " + error.error_code() + ": " + error.error_message(), ex);
			}
			throw ex;
		}
	}

	private String sign(String content) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.settings.credentials().secret().getBytes(StandardCharsets.UTF_8),
					"HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/** What the vendor's API answers. */
	record Answer(String sid, String status) {
	}

	/** How the vendor's API answers an error. */
	record Error(int error_code, String error_message) {
	}

}
