package io.thirdparty.callback;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.thirdparty.test.CallbackSender;
import io.thirdparty.test.CallbackSender.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callback handlers that answer asynchronously ({@code Callable}, {@code DeferredResult},
 * {@code CompletableFuture}, {@code WebAsyncTask}): the callback is verified once, before
 * the handler runs, and the vendor receives the handler's answer, not a refusal of the
 * async dispatch that writes it.
 */
class CallbackAsyncHandlerTests extends CallbackWebTestSupport {

	@ParameterizedTest
	@ValueSource(strings = { "callable", "deferred", "future", "task" })
	void asyncHandlerIsVerifiedOnceAndItsAnswerIsSent(String kind) {
		Answer answer = sender().post("/callbacks/pay-" + kind + "/alipay", BODY,
				CallbackSender.signed(ALIPAY_SECRET, BODY));
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		assertThat(answer.body()).isEqualTo(kind + " handled for alipay");
		assertThat(this.controller.received()).singleElement()
			.satisfies((received) -> assertThat(received.body()).isEqualTo(BODY));
	}

}
