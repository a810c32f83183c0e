package io.thirdparty.callback;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.thirdparty.test.RedisKeys;
import io.thirdparty.test.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nonces in the real Redis, and what happens while Redis does not answer.
 */
class RedisNonceStoreTests {

	@RegisterExtension
	final RedisKeys keys = RedisKeys.under("nonces");

	private final String prefix = this.keys.prefix();

	private LettuceConnectionFactory connections;

	private RedisServers.OwnServer server;

	@AfterEach
	void stop() {
		if (this.connections != null) {
			this.connections.destroy();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void nonceIsClaimedOnceAcrossStoresAndExpires() {
		RedisServers.Address redis = RedisServers.find();
		this.connections = connect(redis.host(), redis.port());
		RedisNonceStore one = new RedisNonceStore(this.connections, this.prefix, new LocalNonceStore(100));
		RedisNonceStore other = new RedisNonceStore(this.connections, this.prefix, new LocalNonceStore(100));
		assertThat(one.claim("pay:alipay:n1", Duration.ofMinutes(10))).isTrue();
		assertThat(other.claim("pay:alipay:n1", Duration.ofMinutes(10))).isFalse();
		assertThat(new StringRedisTemplate(this.connections).getExpire(this.prefix + "pay:alipay:n1"))
			.isBetween(1L, 600L);
	}

	@Test
	void whileRedisIsDownNoncesAreCheckedInMemory() {
		this.connections = connectToKilledServer();
		RedisNonceStore store = new RedisNonceStore(this.connections, this.prefix, new LocalNonceStore(100));
		assertThat(store.claim("pay:alipay:n1", Duration.ofMinutes(10))).isTrue();
		assertThat(store.claim("pay:alipay:n1", Duration.ofMinutes(10))).isFalse();
	}

	@Test
	void nonceSeenDuringAnOutageIsStillAReplayAfterRedisAnswersAgain() {
		this.connections = connectToKilledServer();
		RedisNonceStore store = new RedisNonceStore(this.connections, this.prefix, new LocalNonceStore(100));
		assertThat(store.claim("pay:alipay:n1", Duration.ofMinutes(10))).isTrue();
		this.server.start();
		StringRedisTemplate redis = new StringRedisTemplate(this.connections);
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			String probe = "pay:alipay:probe-" + UUID.randomUUID();
			store.claim(probe, Duration.ofMinutes(1));
			return Boolean.TRUE.equals(redis.hasKey(this.prefix + probe));
		});
		assertThat(store.claim("pay:alipay:n1", Duration.ofMinutes(10))).isFalse();
	}

	/** Connects to a Redis of the test's own, killed: nothing listens on its port until it starts again. */
	private LettuceConnectionFactory connectToKilledServer() {
		this.server = RedisServers.ownServer();
		this.server.kill();
		return connect(this.server.host(), this.server.port());
	}

	private static LettuceConnectionFactory connect(String host, int port) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

}
