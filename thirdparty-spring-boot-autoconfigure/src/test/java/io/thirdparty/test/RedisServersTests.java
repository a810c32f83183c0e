package io.thirdparty.test;

import org.junit.jupiter.api.Test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test Redis finder: the shared server, a test's own server that it kills, and key
 * clean-up.
 */
class RedisServersTests {

	@Test
	void sharedServerAnswers() {
		RedisServers.Address redis = RedisServers.find();
		assertThat(RedisServers.ping(redis.host(), redis.port())).isTrue();
	}

	@Test
	void ownServerCanBeKilledAndStartedAgainOnItsPort() {
		try (RedisServers.OwnServer server = RedisServers.ownServer()) {
			assertThat(server.port()).isNotEqualTo(RedisServers.find().port());
			assertThat(RedisServers.ping(server.host(), server.port())).isTrue();
			server.kill();
			assertThat(RedisServers.ping(server.host(), server.port())).isFalse();
			server.start();
			assertThat(RedisServers.ping(server.host(), server.port())).isTrue();
		}
	}

	@Test
	void deleteKeysRemovesEveryKeyUnderThePrefixAndNoOther() {
		String prefix = RedisServers.uniquePrefix("delete[keys]*");
		String neighbour = RedisServers.uniquePrefix("delete-neighbour");
		RedisServers.Address redis = RedisServers.find();
		try (RedisClient client = RedisClient.create(redis.uri());
				StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().set(prefix + "a", "1");
			connection.sync().set(prefix + "b", "2");
			connection.sync().set(neighbour + "a", "3");
			RedisServers.deleteKeys(prefix);
			assertThat(connection.sync().exists(prefix + "a", prefix + "b")).isZero();
			assertThat(connection.sync().exists(neighbour + "a")).isEqualTo(1);
			RedisServers.deleteKeys(neighbour);
			assertThat(connection.sync().exists(neighbour + "a")).isZero();
		}
	}

}
