package io.thirdparty.callback;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.thirdparty.cache.redis.RedisAvailability;
import io.thirdparty.test.MutableClock;
import io.thirdparty.test.RedisKeys;
import io.thirdparty.test.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nonces in the real Redis, and what happens while Redis does not answer.
 */
@ExtendWith(OutputCaptureExtension.class)
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
		assertThat(new StringRedisTemplate(this.connections).getExpire(this.prefix + "pay:alipay:n1")).isBetween(1L,
				600L);
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

	@Test
	void duringAnOutageCallbacksAreCheckedInMemoryWithoutAskingRedisUntilTheRetryInterval(CapturedOutput output) {
		this.connections = connectToKilledServer();
		CountingConnections counting = new CountingConnections(this.connections);
		MutableClock clock = new MutableClock();
		List<String> dropped = new CopyOnWriteArrayList<>();
		RedisAvailability availability = new RedisAvailability(clock, Duration.ofSeconds(30), dropped::add);
		RedisNonceStore store = new RedisNonceStore(counting, this.prefix, new LocalNonceStore(100), availability);
		for (int i = 0; i < 20; i++) {
			assertThat(store.claim("pay:alipay:n" + i, Duration.ofMinutes(10))).isTrue();
		}
		assertThat(store.claim("pay:alipay:n3", Duration.ofMinutes(10))).isFalse();
		assertThat(counting.count()).as("Redis asked during the outage").isEqualTo(1);
		assertThat(dropped).hasSize(21).containsOnly(RedisAvailability.DROPPED_NONCE);
		assertThat(occurrences(output.getAll(), "Redis is unavailable to the third-party starter")).isEqualTo(1);

		this.server.start();
		clock.advance(Duration.ofSeconds(31));
		assertThat(store.claim("pay:alipay:after", Duration.ofMinutes(10))).isTrue();
		assertThat(counting.count()).isEqualTo(2);
		assertThat(availability.isUp()).isTrue();
		assertThat(new StringRedisTemplate(this.connections).hasKey(this.prefix + "pay:alipay:after")).isTrue();
		assertThat(store.claim("pay:alipay:n3", Duration.ofMinutes(10))).isFalse();
		assertThat(occurrences(output.getAll(), "Redis is reachable again")).isEqualTo(1);
	}

	private static int occurrences(String text, String needle) {
		int count = 0;
		for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
			count++;
		}
		return count;
	}

	/**
	 * Connects to a Redis of the test's own, killed: nothing listens on its port until it
	 * starts again.
	 */
	private LettuceConnectionFactory connectToKilledServer() {
		this.server = RedisServers.ownServer();
		this.server.kill();
		return connect(this.server.host(), this.server.port());
	}

	/**
	 * Counts the connections asked of a factory: one per Redis command the store sends.
	 */
	private static final class CountingConnections implements RedisConnectionFactory {

		private final RedisConnectionFactory delegate;

		private final AtomicInteger count = new AtomicInteger();

		CountingConnections(RedisConnectionFactory delegate) {
			this.delegate = delegate;
		}

		int count() {
			return this.count.get();
		}

		@Override
		public RedisConnection getConnection() {
			this.count.incrementAndGet();
			return this.delegate.getConnection();
		}

		@Override
		public RedisClusterConnection getClusterConnection() {
			this.count.incrementAndGet();
			return this.delegate.getClusterConnection();
		}

		@Override
		public RedisSentinelConnection getSentinelConnection() {
			this.count.incrementAndGet();
			return this.delegate.getSentinelConnection();
		}

		@Override
		public boolean getConvertPipelineAndTxResults() {
			return this.delegate.getConvertPipelineAndTxResults();
		}

		@Override
		public DataAccessException translateExceptionIfPossible(RuntimeException ex) {
			return this.delegate.translateExceptionIfPossible(ex);
		}

	}

	private static LettuceConnectionFactory connect(String host, int port) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

}
