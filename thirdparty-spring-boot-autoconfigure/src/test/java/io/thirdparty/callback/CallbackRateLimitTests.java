package io.thirdparty.callback;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.thirdparty.test.CallbackApp;
import io.thirdparty.test.CallbackApp.PayCallbacks;
import io.thirdparty.test.CallbackSender;
import io.thirdparty.test.CallbackSender.Answer;
import io.thirdparty.test.RedisKeys;
import io.thirdparty.test.RedisServers;
import io.thirdparty.test.Secrets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits per source address and per provider, over real HTTP. Each test calls from
 * its own addresses (given by the trusted proxy 127.0.0.1 in X-Forwarded-For) and to its
 * own provider, and the limits' period is an hour, so no test depends on another or on
 * time.
 */
@SpringBootTest(classes = CallbackApp.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "third-party.callbacks.trusted-proxies[0]=127.0.0.1",
				"third-party.callbacks.rate-limit.per-source.limit=3",
				"third-party.callbacks.rate-limit.per-source.period=1h",
				"third-party.callbacks.rate-limit.per-provider.limit=2",
				"third-party.callbacks.rate-limit.per-provider.period=1h" })
class CallbackRateLimitTests {

	@RegisterExtension
	static final RedisKeys KEYS = RedisKeys.under("rate-limit");

	static final String SECRET = Secrets.random();

	static final byte[] BODY = "{\"order\":\"R-1\"}".getBytes(StandardCharsets.UTF_8);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		String[] providers = { "source", "limited", "guarded" };
		for (int i = 0; i < providers.length; i++) {
			String key = "third-party.pay.providers[" + i + "]";
			String name = providers[i];
			registry.add(key + ".name", () -> name);
			registry.add(key + ".url", () -> "https://" + name + ".example");
			registry.add(key + ".callback.secret", () -> SECRET);
		}
		registry.add("third-party.callbacks.nonce-key-prefix", KEYS::prefix);
		// the application also has the task queue, which creates its stream at startup
		registry.add("third-party.async.key-prefix", () -> KEYS.prefix() + "async:");
		RedisServers.Address redis = RedisServers.find();
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
	}

	@LocalServerPort
	int port;

	@Autowired
	PayCallbacks controller;

	@Test
	void requestsOverTheLimitOfOneAddressAreRefusedBeforeAnythingElse() {
		CallbackSender sender = new CallbackSender(this.port);
		for (int i = 0; i < 3; i++) {
			Answer forged = sender.post("/callbacks/pay/source", BODY,
					from("198.51.100.1", Map.of("X-Forwarded-Proto", "https")));
			assertThat(forged.isRefusal(401, "invalid-timestamp")).as(forged.toString()).isTrue();
		}
		Answer valid = sender.post("/callbacks/pay/source", BODY,
				from("198.51.100.1", CallbackSender.signed(SECRET, BODY)));
		assertThat(valid.isRefusal(429, "too-many-from-source")).as(valid.toString()).isTrue();
		assertThat(sender.post("/callbacks/pay/source", BODY, from("198.51.100.2", CallbackSender.signed(SECRET, BODY)))
			.status()).isEqualTo(200);
		assertThat(this.controller.received()).filteredOn((received) -> received.provider().name().equals("source"))
			.hasSize(1);
	}

	@Test
	void callbacksOverTheLimitOfOneProviderAreRefused() {
		CallbackSender sender = new CallbackSender(this.port);
		assertThat(
				sender.post("/callbacks/pay/limited", BODY, from("198.51.100.10", CallbackSender.signed(SECRET, BODY)))
					.status())
			.isEqualTo(200);
		assertThat(
				sender.post("/callbacks/pay/limited", BODY, from("198.51.100.11", CallbackSender.signed(SECRET, BODY)))
					.status())
			.isEqualTo(200);
		Answer third = sender.post("/callbacks/pay/limited", BODY,
				from("198.51.100.12", CallbackSender.signed(SECRET, BODY)));
		assertThat(third.isRefusal(429, "too-many-from-provider")).as(third.toString()).isTrue();
		assertThat(this.controller.received()).filteredOn((received) -> received.provider().name().equals("limited"))
			.hasSize(2);
	}

	@Test
	void forgedCallbacksDoNotUseUpTheProvidersPermits() {
		CallbackSender sender = new CallbackSender(this.port);
		for (int i = 0; i < 5; i++) {
			Answer forged = sender.post("/callbacks/pay/guarded", BODY,
					from("198.51.100.2" + i, CallbackSender.signed(Secrets.random(), BODY)));
			assertThat(forged.isRefusal(401, "invalid-signature")).as(forged.toString()).isTrue();
		}
		assertThat(
				sender.post("/callbacks/pay/guarded", BODY, from("198.51.100.30", CallbackSender.signed(SECRET, BODY)))
					.status())
			.isEqualTo(200);
		assertThat(
				sender.post("/callbacks/pay/guarded", BODY, from("198.51.100.31", CallbackSender.signed(SECRET, BODY)))
					.status())
			.isEqualTo(200);
	}

	private static Map<String, String> from(String address, Map<String, String> headers) {
		Map<String, String> withAddress = new HashMap<>(headers);
		withAddress.put("X-Forwarded-For", address);
		return withAddress;
	}

}
