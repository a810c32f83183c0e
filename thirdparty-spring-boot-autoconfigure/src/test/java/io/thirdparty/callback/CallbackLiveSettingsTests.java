package io.thirdparty.callback;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import io.thirdparty.test.CallbackSender;
import io.thirdparty.test.CallbackSender.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callback settings changed while the application runs, as a Nacos push or a refresh
 * changes them: a change that fails the startup checks is refused and the last good
 * settings stay, so genuine callbacks go on being accepted; a valid change applies. Its
 * own application, closed afterwards, since the tests change its environment.
 */
@TestPropertySource(properties = "spring.application.name=callback-live-settings")
@DirtiesContext
class CallbackLiveSettingsTests extends CallbackWebTestSupport {

	private static final String LIVE = "live-change";

	@Autowired
	ConfigurableApplicationContext context;

	@AfterEach
	void undoTheChange() {
		if (this.context.getEnvironment().getPropertySources().remove(LIVE) != null) {
			this.context.publishEvent(new EnvironmentChangeEvent(this.context,
					Set.of("third-party.callbacks.algorithm", "third-party.callbacks.tolerance",
							"third-party.callbacks.trusted-proxies[0]", "third-party.callbacks.require-https")));
		}
	}

	@Test
	void unknownAlgorithmIsRefusedAndGenuineCallbacksKeepBeingAccepted() {
		change("third-party.callbacks.algorithm", "HmacSHA999");
		assertGenuineCallbackAccepted();
	}

	@Test
	void negativeToleranceIsRefusedAndGenuineCallbacksKeepBeingAccepted() {
		change("third-party.callbacks.tolerance", "-5m");
		assertGenuineCallbackAccepted();
	}

	@Test
	void malformedTrustedProxyIsRefusedAndGenuineCallbacksKeepBeingAccepted() {
		change("third-party.callbacks.trusted-proxies[0]", "proxy.internal");
		assertGenuineCallbackAccepted();
	}

	@Test
	void validChangeApplies() {
		change("third-party.callbacks.require-https", "false");
		Map<String, String> plainHttp = new HashMap<>(CallbackSender.signed(ALIPAY_SECRET, BODY));
		plainHttp.remove("X-Forwarded-Proto");
		Answer answer = sender().post("/callbacks/pay/alipay", BODY, plainHttp);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
	}

	private void change(String key, String value) {
		this.context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(LIVE, Map.of(key, value)));
		this.context.publishEvent(new EnvironmentChangeEvent(this.context, Set.of(key)));
	}

	private void assertGenuineCallbackAccepted() {
		Answer answer = sender().post("/callbacks/pay/alipay", BODY, CallbackSender.signed(ALIPAY_SECRET, BODY));
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		assertThat(this.controller.calls()).isEqualTo(1);
	}

}
