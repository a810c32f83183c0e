package io.thirdparty.provider;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;

import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the starter shows of providers and failures: no credentials, no vendor bodies, no
 * call arguments from request URLs.
 */
class SecretsTests {

	private static final String VENDOR_BODY = "{\"error\":\"cannot reach +8613800138000\"}";

	@Test
	void providerToStringMasksTheUrlsUserInfoAndQuery() {
		Provider provider = new Provider("sms", "gateway", "http://gateway:pa55w0rd@sms.example.com/v2?key=k3y", 1, 0,
				Map.of("password", "metadata-secret"));
		assertThat(provider.toString()).isEqualTo("sms.gateway[http://******@sms.example.com/v2?******]")
			.doesNotContain("pa55w0rd", "k3y", "metadata-secret");
	}

	@Test
	void vendorErrorAnswerIsDescribedByItsStatusNotItsBody() {
		HttpServerErrorException answer = answer(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(answer.getMessage()).contains("8613800138000");
		assertThat(Secrets.reason(answer)).isEqualTo("HTTP 500");
		assertThat(Secrets.describe(new IllegalStateException(answer.toString(), answer)))
			.isEqualTo("java.lang.IllegalStateException: HTTP 500 (InternalServerError)");
	}

	@Test
	void thirdPartyExceptionIsDescribedAttemptByAttempt() {
		Provider a = new Provider("sms", "provider_a", "http://a.example.com", 1, 0, null);
		Provider b = new Provider("sms", "provider_b", "http://b.example.com", 1, 0, null);
		HttpServerErrorException answer = answer(HttpStatus.BAD_GATEWAY);
		ResourceAccessException refused = new ResourceAccessException(
				"I/O error on POST request for \"http://user:pw@b.example.com/notify/+8613800138000?sig=abc\": Connection refused");
		ThirdPartyException failure = new ThirdPartyException("sms",
				List.of(new ThirdPartyException.Attempt(a, answer), new ThirdPartyException.Attempt(b, refused)));
		assertThat(Secrets.describe(failure)).isEqualTo("io.thirdparty.ThirdPartyException: Third-party service 'sms' "
				+ "failed after 2 attempt(s): provider_a -> BadGateway: HTTP 502; provider_b -> ResourceAccessException: "
				+ "I/O error on POST request for \"http://******@b.example.com/******\": Connection refused");
	}

	@Test
	void failureWithoutMessageIsDescribedByItsType() {
		assertThat(Secrets.describe(new NullPointerException())).isEqualTo("java.lang.NullPointerException");
		assertThat(Secrets.reason(new NullPointerException())).isNull();
	}

	/**
	 * An error answer as Spring's RestClient reports it, the vendor's body in its
	 * message.
	 */
	private static HttpServerErrorException answer(HttpStatus status) {
		return HttpServerErrorException.create(
				status.value() + " " + status.getReasonPhrase() + ": \"" + VENDOR_BODY + "\"", status,
				status.getReasonPhrase(), HttpHeaders.EMPTY, VENDOR_BODY.getBytes(StandardCharsets.UTF_8),
				StandardCharsets.UTF_8);
	}

}
