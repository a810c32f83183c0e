package io.thirdparty.callback;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.thirdparty.test.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nonces in the real Redis, and what happens while Redis does not answer.
 */
class RedisNonceStoreTests {

	private final String prefix = "test:" + UUID.randomUUID() + ":";

	private LettuceConnectionFactory connections;

	private Process server;

	@AfterEach
	void stop() {
		if (this.connections != null) {
			this.connections.destroy();
		}
		if (this.server != null) {
			this.server.destroy();
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
	void whileRedisIsDownNoncesAreCheckedInMemory() throws IOException {
		this.connections = connect("127.0.0.1", freePort());
		RedisNonceStore store = new RedisNonceStore(this.connections, this.prefix, new LocalNonceStore(100));
		assertThat(store.claim("pay:alipay:n1", Duration.ofMinutes(10))).isTrue();
		assertThat(store.claim("pay:alipay:n1", Duration.ofMinutes(10))).isFalse();
	}

	@Test
	void nonceSeenDuringAnOutageIsStillAReplayAfterRedisAnswersAgain() throws IOException {
		int port = freePort();
		this.connections = connect("127.0.0.1", port);
		RedisNonceStore store = new RedisNonceStore(this.connections, this.prefix, new LocalNonceStore(100));
		assertThat(store.claim("pay:alipay:n1", Duration.ofMinutes(10))).isTrue();
		this.server = startRedis(port);
		await().atMost(Duration.ofSeconds(10)).until(() -> RedisServers.ping("127.0.0.1", port));
		StringRedisTemplate redis = new StringRedisTemplate(this.connections);
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			String probe = "pay:alipay:probe-" + UUID.randomUUID();
			store.claim(probe, Duration.ofMinutes(1));
			return Boolean.TRUE.equals(redis.hasKey(this.prefix + probe));
		});
		assertThat(store.claim("pay:alipay:n1", Duration.ofMinutes(10))).isFalse();
	}

	private static LettuceConnectionFactory connect(String host, int port) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static Process startRedis(int port) throws IOException {
		Path dir = Files.createTempDirectory("redis-nonce-test");
		try {
			return new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save",
					"", "--appendonly", "no", "--dir", dir.toString())
				.redirectErrorStream(true)
				.redirectOutput(dir.resolve("redis.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("This test starts its own redis-server on a free port: install it "
					+ "(Debian: apt-get install redis-server) so that redis-server is on the PATH", ex);
		}
	}

}
