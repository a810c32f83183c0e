package io.thirdparty.callback;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.thirdparty.test.CallbackSender;
import io.thirdparty.test.CallbackSender.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forwarding headers over real HTTP, the test client standing for the trusted proxy
 * 127.0.0.1, which writes {@code X-Forwarded-*} ({@code forward-headers=auto}): what a
 * client put in the request itself, a {@code Forwarded} header or entries in front of the
 * proxy's, passes neither {@code require-https} nor {@code allowed-sources}.
 */
class CallbackForwardedHeadersTests extends CallbackWebTestSupport {

	@Test
	void forwardedProtoAClientSentDoesNotPassRequireHttps() {
		Map<String, String> headers = new HashMap<>(CallbackSender.signed(ALIPAY_SECRET, BODY));
		headers.remove("X-Forwarded-Proto");
		headers.put("Forwarded", "proto=https");
		headers.put("X-Forwarded-For", "198.51.100.9");
		assertRefused(sender().post("/callbacks/pay/alipay", BODY, headers), 403, "insecure-transport");
	}

	@Test
	void forwardedForAClientSentDoesNotPassAllowedSources() {
		Map<String, String> headers = new HashMap<>(CallbackSender.signed(RESTRICTED_SECRET, BODY));
		headers.put("Forwarded", "for=203.0.113.5;proto=https");
		headers.put("X-Forwarded-For", "198.51.100.9");
		assertRefused(sender().post("/callbacks/pay/restricted", BODY, headers), 403, "source-not-allowed");
	}

	@Test
	void xForwardedForEntriesAClientPutInFrontDoNotPassAllowedSources() {
		Map<String, String> headers = new HashMap<>(CallbackSender.signed(RESTRICTED_SECRET, BODY));
		headers.put("X-Forwarded-For", "203.0.113.5, 198.51.100.9");
		assertRefused(sender().post("/callbacks/pay/restricted", BODY, headers), 403, "source-not-allowed");
	}

	@Test
	void allowedClientReportedByTheTrustedProxyIsAccepted() {
		Map<String, String> headers = new HashMap<>(CallbackSender.signed(RESTRICTED_SECRET, BODY));
		headers.put("X-Forwarded-For", "198.51.100.9, 203.0.113.5");
		Answer answer = sender().post("/callbacks/pay/restricted", BODY, headers);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		assertThat(this.controller.received()).singleElement()
			.satisfies((received) -> assertThat(received.provider().name()).isEqualTo("restricted"));
	}

	private void assertRefused(Answer answer, int status, String error) {
		assertThat(answer.isRefusal(status, error)).as(answer.toString()).isTrue();
		assertThat(this.controller.calls()).isZero();
	}

}
