package io.thirdparty.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.thirdparty.cache.redis.RedisCacheRefreshChannel;
import io.thirdparty.test.CacheRunner;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PriceClient;
import io.thirdparty.test.RedisKeys;
import io.thirdparty.test.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cache refresh ({@link CacheRefreshEvent}, or a message on the Redis channel) evicts
 * keys on every instance: two instances with caches of their own (Caffeine) that share a
 * Redis.
 */
class CacheRefreshTests {

	private static final String APPLE = "price:apple:v1";

	private static final String PEAR = "price:pear:v1";

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor vendor = this.vendors.start("prices");

	@RegisterExtension
	final RedisKeys keys = RedisKeys.under("refresh");

	private final String prefix = this.keys.prefix();

	private final String channel = this.prefix + "thirdparty:cache:refresh";

	@Test
	void eventPublishedOnOneInstanceEvictsTheKeyOnTheOtherThroughRedis() {
		runner().run((a) -> runner().run((b) -> {
			awaitSubscribers(a, 2);
			a.getBean(PriceClient.class).price("apple");
			b.getBean(PriceClient.class).price("apple");
			b.getBean(PriceClient.class).price("pear");
			assertThat(this.vendor.requests()).isEqualTo(3);
			a.publishEvent(new CacheRefreshEvent("price", List.of("apple")));
			assertThat(entry(a, APPLE)).isNull();
			await().atMost(Duration.ofSeconds(10)).until(() -> entry(b, APPLE) == null);
			assertThat(entry(b, PEAR)).isNotNull();
			b.getBean(PriceClient.class).price("apple");
			assertThat(this.vendor.requests()).isEqualTo(4);
		}));
	}

	@Test
	void messageOnTheChannelFromAnotherSystemEvictsOnEveryInstanceAndMalformedOnesAreIgnored() {
		runner().run((a) -> runner().run((b) -> {
			awaitSubscribers(a, 2);
			for (AssertableApplicationContext instance : List.of(a, b)) {
				instance.getBean(PriceClient.class).price("apple");
				instance.getBean(PriceClient.class).price("pear");
			}
			StringRedisTemplate redis = new StringRedisTemplate(a.getBean(RedisConnectionFactory.class));
			redis.convertAndSend(this.channel, "not json");
			redis.convertAndSend(this.channel, "{\"keys\":[\"pear\"]}");
			redis.convertAndSend(this.channel, "{\"service\":\"price\",\"keys\":[\"apple\"]}");
			await().atMost(Duration.ofSeconds(10)).until(() -> entry(a, APPLE) == null && entry(b, APPLE) == null);
			// the malformed messages before it were ignored, and the listener still runs
			assertThat(entry(a, PEAR)).isNotNull();
			assertThat(entry(b, PEAR)).isNotNull();
			redis.convertAndSend(this.channel, "{\"service\":\"price\"}");
			await().atMost(Duration.ofSeconds(10)).until(() -> entry(a, PEAR) == null && entry(b, PEAR) == null);
		}));
	}

	@Test
	void withoutRedisTheEventEvictsInThisInstance() {
		CacheRunner.price(this.vendor).run((context) -> {
			assertThat(context).doesNotHaveBean(RedisCacheRefreshChannel.class);
			context.getBean(PriceClient.class).price("apple");
			assertThat(context.getBean(CacheRefreshes.class).refresh("price", List.of("apple")))
				.isEqualTo(CacheRefreshes.Reach.THIS_INSTANCE);
			assertThat(entry(context, APPLE)).isNull();
			context.getBean(PriceClient.class).price("pear");
			context.publishEvent(new CacheRefreshEvent("price", List.of("pear")));
			assertThat(entry(context, PEAR)).isNull();
			assertThat(context.getBean(CacheRefreshes.class).refresh("nothing", List.of("apple")))
				.isEqualTo(CacheRefreshes.Reach.NO_CACHE);
		});
	}

	@Test
	void refreshChannelCanBeTurnedOff() {
		runner().withPropertyValues("third-party.cache.refresh-channel=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CacheRefreshChannel.class)
				.hasSingleBean(CacheRefreshes.class));
	}

	private ApplicationContextRunner runner() {
		return CacheRunner.price(this.vendor)
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues(RedisServers.find().springProperties())
			.withPropertyValues("third-party.cache.key-prefix=" + this.prefix);
	}

	private void awaitSubscribers(AssertableApplicationContext context, long count) {
		RedisConnectionFactory factory = context.getBean(RedisConnectionFactory.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> subscribers(factory) >= count);
	}

	@SuppressWarnings("unchecked")
	private long subscribers(RedisConnectionFactory factory) throws Exception {
		try (RedisConnection connection = factory.getConnection()) {
			Map<byte[], Long> counts = ((RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection())
				.pubsubNumsub(this.channel.getBytes(StandardCharsets.UTF_8))
				.get(5, TimeUnit.SECONDS);
			return counts.values().stream().mapToLong(Long::longValue).sum();
		}
	}

	private static CacheEntry entry(AssertableApplicationContext context, String key) {
		return context.getBean(ServiceCaches.class).cache("price").read(key);
	}

}
