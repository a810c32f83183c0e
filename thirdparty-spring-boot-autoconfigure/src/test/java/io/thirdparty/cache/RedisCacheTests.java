package io.thirdparty.cache;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.core.StringRedisTemplate;

import io.thirdparty.cache.redis.RedisEntryCache;
import io.thirdparty.test.CacheRunner;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.Price;
import io.thirdparty.test.PriceClient;
import io.thirdparty.test.RedisKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis backend on a real Redis: key format, JSON with types, sharing between
 * instances.
 */
class RedisCacheTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor vendor = this.vendors.start("prices");

	@RegisterExtension
	final RedisKeys keys = RedisKeys.under("redis-cache");

	private final String prefix = this.keys.prefix();

	@Test
	void entryIsStoredUnderServiceKeyAndVersionAsTypedJsonWithTtlPlusStaleIfError() {
		CacheRunner.priceOnRedis(this.vendor, "redis", this.prefix)
			.withPropertyValues("third-party.price.cache.version=v2", "third-party.price.cache.stale-if-error=1h")
			.run((context) -> {
				assertThat(context.getBean(ServiceCaches.class).cache("price")).isInstanceOf(RedisEntryCache.class);
				context.getBean(PriceClient.class).price("1001");
				StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
				String key = this.prefix + "price:price:1001:v2";
				await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(redis.hasKey(key)));
				String json = redis.opsForValue().get(key);
				assertThat(json).contains("\"@class\":\"io.thirdparty.cache.CacheEntry\"")
					.contains("\"@class\":\"io.thirdparty.test.Price\"")
					.contains("\"sku\":\"1001\"");
				long ttl = redis.getExpire(key);
				assertThat(ttl).isBetween(3600L + 50, 3600L + 60);
			});
	}

	@Test
	void valueLoadedByOneInstanceIsAHitOnAnotherAndSurvivesARestart() {
		Price[] loaded = new Price[1];
		CacheRunner.priceOnRedis(this.vendor, "redis", this.prefix).run((first) -> {
			loaded[0] = first.getBean(PriceClient.class).price("apple");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> first.getBean(ServiceCaches.class).cache("price").read("price:apple:v1") != null);
		});
		CacheRunner.priceOnRedis(this.vendor, "redis", this.prefix).run((second) -> {
			Price again = second.getBean(PriceClient.class).price("apple");
			assertThat(again).isEqualTo(loaded[0]);
			assertThat(this.vendor.requests()).isEqualTo(1);
		});
	}

	@Test
	void versionBumpMakesRedisEntriesUnreachable() {
		CacheRunner.priceOnRedis(this.vendor, "redis", this.prefix).run((context) -> {
			PriceClient prices = context.getBean(PriceClient.class);
			prices.price("apple");
			EntryCache cache = context.getBean(ServiceCaches.class).cache("price");
			await().atMost(Duration.ofSeconds(10)).until(() -> cache.read("price:apple:v1") != null);
			CacheStageTests.setProperty(context, "third-party.price.cache.version", "v2");
			prices.price("apple");
			assertThat(this.vendor.requests()).isEqualTo(2);
		});
	}

	@Test
	void evictAndClearReachRedis() {
		CacheRunner.priceOnRedis(this.vendor, "redis", this.prefix).run((context) -> {
			PriceClient prices = context.getBean(PriceClient.class);
			ServiceCaches caches = context.getBean(ServiceCaches.class);
			EntryCache cache = caches.cache("price");
			prices.price("apple");
			prices.price("pear");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> cache.read("price:apple:v1") != null && cache.read("price:pear:v1") != null);
			caches.evict("price", "apple");
			assertThat(cache.read("price:apple:v1")).isNull();
			assertThat(cache.read("price:pear:v1")).isNotNull();
			caches.clear("price");
			assertThat(cache.read("price:pear:v1")).isNull();
		});
	}

}
