package io.thirdparty.callback;

import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
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
import io.thirdparty.test.RedisKeys;
import io.thirdparty.test.RedisServers;
import io.thirdparty.test.Secrets;

/**
 * One running web application with callback endpoints of service {@code pay}, shared by
 * the tests that extend this class: provider {@code alipay} signs (HMAC), {@code wechat}
 * sends a token, {@code restricted} signs but may only call from 203.0.113.0/24.
 * 127.0.0.1 is a trusted proxy, rate limits are off and bodies are limited to 1KB.
 */
@SpringBootTest(classes = CallbackApp.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "third-party.callbacks.trusted-proxies[0]=127.0.0.1",
				"third-party.callbacks.rate-limit.per-source.limit=0",
				"third-party.callbacks.rate-limit.per-provider.limit=0", "third-party.callbacks.max-body-size=1KB" })
abstract class CallbackWebTestSupport {

	@RegisterExtension
	static final RedisKeys KEYS = RedisKeys.under("callbacks");

	static final String ALIPAY_SECRET = Secrets.random();

	static final String WECHAT_TOKEN = Secrets.random();

	static final String RESTRICTED_SECRET = Secrets.random();

	static final byte[] BODY = "{ \"order\": \"A-1001\",  \"amount\": 12.50, \"note\": \"caf\u00e9 \u2713\" }\n"
		.getBytes(StandardCharsets.UTF_8);

	/**
	 * A list binds from one property source only, so every provider key is given here,
	 * beside the secrets.
	 */
	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("third-party.pay.providers[0].name", () -> "alipay");
		registry.add("third-party.pay.providers[0].url", () -> "https://alipay.example");
		registry.add("third-party.pay.providers[1].name", () -> "wechat");
		registry.add("third-party.pay.providers[1].url", () -> "https://wechat.example");
		registry.add("third-party.pay.providers[2].name", () -> "restricted");
		registry.add("third-party.pay.providers[2].url", () -> "https://restricted.example");
		registry.add("third-party.pay.providers[2].callback.allowed-sources[0]", () -> "203.0.113.0/24");
		registry.add("third-party.pay.providers[0].callback.secret", () -> ALIPAY_SECRET);
		registry.add("third-party.pay.providers[1].callback.token", () -> WECHAT_TOKEN);
		registry.add("third-party.pay.providers[2].callback.secret", () -> RESTRICTED_SECRET);
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

	@Autowired
	MeterRegistry meters;

	@BeforeEach
	void forgetEarlierCalls() {
		this.controller.clear();
	}

	CallbackSender sender() {
		return new CallbackSender(this.port);
	}

}
