package io.thirdparty.callback;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.thirdparty.test.CallbackSender;
import io.thirdparty.test.CallbackSender.Answer;
import io.thirdparty.test.ProblemAnswers;
import io.thirdparty.test.Secrets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callbacks over real HTTP to a real server: accepted ones reach the controller with
 * their exact body; each kind of bad callback is refused with its status and never
 * reaches it.
 */
class CallbackVerificationTests extends CallbackWebTestSupport {

	@Test
	void signedCallbackReachesTheControllerWithTheExactBody() {
		Answer answer = sender().post("/callbacks/pay/alipay", BODY, CallbackSender.signed(ALIPAY_SECRET, BODY));
		assertThat(answer.status()).isEqualTo(200);
		assertThat(this.controller.received()).singleElement().satisfies((received) -> {
			assertThat(received.body()).isEqualTo(BODY);
			assertThat(received.provider().name()).isEqualTo("alipay");
		});
	}

	@Test
	void callbackWithTheRightTokenReachesTheController() {
		Map<String, String> headers = Map.of("X-Forwarded-Proto", "https", "X-Callback-Token", WECHAT_TOKEN);
		Answer answer = sender().post("/callbacks/pay/wechat", BODY, headers);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(this.controller.received()).singleElement().satisfies((received) -> {
			assertThat(received.body()).isEqualTo(BODY);
			assertThat(received.provider().name()).isEqualTo("wechat");
		});
	}

	@Test
	void withoutAProviderInThePathEachProviderIsTried() {
		Answer answer = sender().post("/callbacks/pay", BODY, CallbackSender.signed(ALIPAY_SECRET, BODY));
		assertThat(answer.status()).isEqualTo(200);
		assertThat(this.controller.received()).singleElement()
			.satisfies((received) -> assertThat(received.provider().name()).isEqualTo("alipay"));
	}

	@Test
	void signedFormCallbackStillBindsItsParameters() {
		byte[] form = "order=A-7%2F1&status=PAID".getBytes(StandardCharsets.UTF_8);
		Answer answer = sender().post("/callbacks/pay-form/alipay", "application/x-www-form-urlencoded", form,
				CallbackSender.signed(ALIPAY_SECRET, form));
		assertThat(answer.status()).isEqualTo(200);
		assertThat(this.controller.received()).singleElement()
			.satisfies((received) -> assertThat(new String(received.body(), StandardCharsets.UTF_8))
				.isEqualTo("order=A-7/1;status=PAID"));
	}

	@Test
	void acceptedCallbacksAreCounted() {
		sender().post("/callbacks/pay/alipay", BODY, CallbackSender.signed(ALIPAY_SECRET, BODY));
		assertThat(this.meters.get("thirdparty.callbacks")
			.tags("service", "pay", "provider", "alipay", "outcome", "accepted")
			.counter()
			.count()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void wrongTokenIsRefused() {
		Map<String, String> headers = Map.of("X-Forwarded-Proto", "https", "X-Callback-Token", Secrets.random());
		assertRefused(sender().post("/callbacks/pay/wechat", BODY, headers), 401, "invalid-token");
	}

	@Test
	void refusalIsAProblemWithTheRefusalsErrorAndReason() {
		Map<String, String> headers = Map.of("X-Forwarded-Proto", "https", "X-Callback-Token", Secrets.random());
		Answer answer = sender().post("/callbacks/pay/wechat", BODY, headers);
		assertThat(ProblemAnswers.assertProblem(answer.status(), answer.contentType(), answer.body(), 401,
				"invalid-token"))
			.containsEntry("title", "Unauthorized")
			.containsEntry("instance", "/callbacks/pay/wechat")
			.containsEntry("reason", "the callback token is missing or wrong")
			.containsEntry("detail", "the callback token is missing or wrong");
		assertThat(answer.body()).doesNotContain(WECHAT_TOKEN);
		assertThat(this.controller.calls()).isZero();
	}

	@Test
	void missingTokenIsRefused() {
		assertRefused(sender().post("/callbacks/pay/wechat", BODY, Map.of("X-Forwarded-Proto", "https")), 401,
				"invalid-token");
	}

	@Test
	void signatureWithAnotherSecretIsRefused() {
		assertRefused(sender().post("/callbacks/pay/alipay", BODY, CallbackSender.signed(Secrets.random(), BODY)), 401,
				"invalid-signature");
	}

	@Test
	void tamperedBodyIsRefused() {
		Map<String, String> headers = CallbackSender.signed(ALIPAY_SECRET, BODY);
		byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("12.50", "0.01")
			.getBytes(StandardCharsets.UTF_8);
		assertRefused(sender().post("/callbacks/pay/alipay", tampered, headers), 401, "invalid-signature");
	}

	@Test
	void reSerialisedBodyIsRefused() {
		Map<String, String> headers = CallbackSender.signed(ALIPAY_SECRET, BODY);
		byte[] compact = new String(BODY, StandardCharsets.UTF_8).replace(" ", "").getBytes(StandardCharsets.UTF_8);
		assertRefused(sender().post("/callbacks/pay/alipay", compact, headers), 401, "invalid-signature");
	}

	@Test
	void signatureOfAnotherProviderIsRefused() {
		assertRefused(sender().post("/callbacks/pay/alipay", BODY, CallbackSender.signed(RESTRICTED_SECRET, BODY)), 401,
				"invalid-signature");
	}

	@Test
	void timestampOutsideTheWindowIsRefused() {
		Map<String, String> headers = CallbackSender.signed(ALIPAY_SECRET, BODY,
				Instant.now().minus(Duration.ofMinutes(6)), UUID.randomUUID().toString());
		assertRefused(sender().post("/callbacks/pay/alipay", BODY, headers), 401, "stale-timestamp");
	}

	@Test
	void timestampFromTheFutureIsRefused() {
		Map<String, String> headers = CallbackSender.signed(ALIPAY_SECRET, BODY,
				Instant.now().plus(Duration.ofMinutes(6)), UUID.randomUUID().toString());
		assertRefused(sender().post("/callbacks/pay/alipay", BODY, headers), 401, "stale-timestamp");
	}

	@Test
	void malformedTimestampIsRefused() {
		Map<String, String> headers = new HashMap<>(CallbackSender.signed(ALIPAY_SECRET, BODY));
		headers.put("X-Callback-Timestamp", "2024-01-01T00:00:00Z");
		assertRefused(sender().post("/callbacks/pay/alipay", BODY, headers), 401, "invalid-timestamp");
	}

	@Test
	void replayedNonceIsRefused() {
		Map<String, String> headers = CallbackSender.signed(ALIPAY_SECRET, BODY);
		assertThat(sender().post("/callbacks/pay/alipay", BODY, headers).status()).isEqualTo(200);
		Answer replay = sender().post("/callbacks/pay/alipay", BODY, headers);
		assertThat(replay.isRefusal(409, "replayed-nonce")).as(replay.toString()).isTrue();
		assertThat(this.controller.calls()).isEqualTo(1);
	}

	@Test
	void bodyOverTheLimitIsRefused() {
		byte[] large = new byte[2048];
		assertRefused(sender().post("/callbacks/pay/alipay", large, CallbackSender.signed(ALIPAY_SECRET, large)), 413,
				"body-too-large");
	}

	@Test
	void chunkedBodyOverTheLimitIsRefused() {
		byte[] large = new byte[4096];
		assertRefused(sender().postChunked("/callbacks/pay/alipay", large, CallbackSender.signed(ALIPAY_SECRET, large)),
				413, "body-too-large");
	}

	@Test
	void plainHttpIsRefused() {
		Map<String, String> headers = new HashMap<>(CallbackSender.signed(ALIPAY_SECRET, BODY));
		headers.remove("X-Forwarded-Proto");
		assertRefused(sender().post("/callbacks/pay/alipay", BODY, headers), 403, "insecure-transport");
	}

	@Test
	void unknownProviderIsRefused() {
		assertRefused(sender().post("/callbacks/pay/nobody", BODY, CallbackSender.signed(ALIPAY_SECRET, BODY)), 401,
				"unknown-provider");
	}

	@Test
	void providerCallingFromAnAddressItMayNotUseIsRefused() {
		assertRefused(sender().post("/callbacks/pay/restricted", BODY, CallbackSender.signed(RESTRICTED_SECRET, BODY)),
				403, "source-not-allowed");
	}

	@Test
	void refusalsAreCountedWithTheirOutcome() {
		sender().post("/callbacks/pay/alipay", BODY, CallbackSender.signed(Secrets.random(), BODY));
		sender().post("/callbacks/pay/nobody", BODY, CallbackSender.signed(ALIPAY_SECRET, BODY));
		assertThat(this.meters.get("thirdparty.callbacks")
			.tags("provider", "alipay", "outcome", "invalid-signature")
			.counter()
			.count()).isGreaterThanOrEqualTo(1);
		assertThat(this.meters.get("thirdparty.callbacks")
			.tags("provider", "unknown", "outcome", "unknown-provider")
			.counter()
			.count()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void otherEndpointsAreNotVerified() {
		Answer answer = sender().post("/not-a-callback", BODY, Map.of());
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).isEqualTo("plain:" + new String(BODY, StandardCharsets.UTF_8));
	}

	private void assertRefused(Answer answer, int status, String error) {
		assertThat(answer.isRefusal(status, error)).as(answer.toString()).isTrue();
		assertThat(this.controller.calls()).isZero();
	}

}
