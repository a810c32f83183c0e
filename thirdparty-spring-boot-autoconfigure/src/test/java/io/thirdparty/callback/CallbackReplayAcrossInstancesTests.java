package io.thirdparty.callback;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.thirdparty.test.CallbackApp;
import io.thirdparty.test.CallbackApp.PayCallbacks;
import io.thirdparty.test.CallbackSender;
import io.thirdparty.test.CallbackSender.Answer;
import io.thirdparty.test.RedisKeys;
import io.thirdparty.test.RedisServers;
import io.thirdparty.test.Secrets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of an application sharing the real Redis: a callback accepted by one is a
 * replay to the other.
 */
class CallbackReplayAcrossInstancesTests {

	@RegisterExtension
	final RedisKeys keys = RedisKeys.under("replay");

	@Test
	void callbackAcceptedByOneInstanceIsRefusedAsAReplayByAnother() {
		RedisServers.Address redis = RedisServers.find();
		String secret = Secrets.random();
		String prefix = this.keys.prefix();
		byte[] body = "{\"order\":\"X-42\",\"status\":\"PAID\"}".getBytes(StandardCharsets.UTF_8);
		String nonce = UUID.randomUUID().toString();
		Map<String, String> headers = CallbackSender.signed(secret, body, java.time.Instant.now(), nonce);
		try (ConfigurableApplicationContext first = start(redis, secret, prefix);
				ConfigurableApplicationContext second = start(redis, secret, prefix)) {
			Answer accepted = new CallbackSender(port(first)).post("/callbacks/pay/alipay", body, headers);
			Answer replayed = new CallbackSender(port(second)).post("/callbacks/pay/alipay", body, headers);
			assertThat(accepted.status()).isEqualTo(200);
			assertThat(replayed.isRefusal(409, "replayed-nonce")).as(replayed.toString()).isTrue();
			assertThat(second.getBean(PayCallbacks.class).calls()).isZero();
			StringRedisTemplate template = new StringRedisTemplate(first.getBean(RedisConnectionFactory.class));
			assertThat(template.getExpire(prefix + "pay:alipay:" + nonce, TimeUnit.SECONDS)).isBetween(1L, 600L);
		}
	}

	private static ConfigurableApplicationContext start(RedisServers.Address redis, String secret, String prefix) {
		return new SpringApplicationBuilder(CallbackApp.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "spring.main.banner-mode=off", "third-party.pay.providers[0].name=alipay",
					"third-party.pay.providers[0].url=https://alipay.example",
					"third-party.pay.providers[0].callback.secret=" + secret,
					"third-party.callbacks.nonce-key-prefix=" + prefix,
					"third-party.async.key-prefix=" + prefix + "async:", "third-party.callbacks.nonce-store=redis",
					"third-party.callbacks.require-https=false", "spring.data.redis.host=" + redis.host(),
					"spring.data.redis.port=" + redis.port())
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
