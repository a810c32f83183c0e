package io.thirdparty.cache;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import io.thirdparty.cache.redis.TwoLevelEntryCache;
import io.thirdparty.test.CacheRunner;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PriceClient;
import io.thirdparty.test.RedisKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application contexts sharing one Redis through the two-level backend.
 */
class TwoLevelCacheTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor vendor = this.vendors.start("prices");

	@RegisterExtension
	final RedisKeys keys = RedisKeys.under("two-level");

	private final String prefix = this.keys.prefix();

	@Test
	void valueLoadedByOneInstanceIsAHitOnTheOther() {
		CacheRunner.priceOnRedis(this.vendor, "two-level", this.prefix).run((a) -> {
			CacheRunner.priceOnRedis(this.vendor, "two-level", this.prefix).run((b) -> {
				a.getBean(PriceClient.class).price("apple");
				await().atMost(Duration.ofSeconds(10))
					.until(() -> local(b).read("price:apple:v1") == null && sharedHas(b, "price:apple:v1"));
				b.getBean(PriceClient.class).price("apple");
				assertThat(this.vendor.requests()).isEqualTo(1);
				assertThat(local(b).read("price:apple:v1")).isNotNull();
			});
		});
	}

	@Test
	void evictionOnOneInstanceRemovesTheInMemoryCopyOnTheOther() {
		CacheRunner.priceOnRedis(this.vendor, "two-level", this.prefix).run((a) -> {
			CacheRunner.priceOnRedis(this.vendor, "two-level", this.prefix).run((b) -> {
				a.getBean(PriceClient.class).price("apple");
				await().atMost(Duration.ofSeconds(10)).until(() -> sharedHas(b, "price:apple:v1"));
				b.getBean(PriceClient.class).price("apple");
				assertThat(local(b).read("price:apple:v1")).isNotNull();
				a.getBean(ServiceCaches.class).evict("price", "apple");
				await().atMost(Duration.ofSeconds(10)).until(() -> local(b).read("price:apple:v1") == null);
				b.getBean(PriceClient.class).price("apple");
				assertThat(this.vendor.requests()).isEqualTo(2);
			});
		});
	}

	@Test
	void newValueWrittenByOneInstanceReplacesTheInMemoryCopyOnTheOther() {
		CacheRunner.priceOnRedis(this.vendor, "two-level", this.prefix).run((a) -> {
			CacheRunner.priceOnRedis(this.vendor, "two-level", this.prefix).run((b) -> {
				b.getBean(PriceClient.class).price("apple");
				assertThat(local(b).read("price:apple:v1")).isNotNull();
				long written = local(b).read("price:apple:v1").freshUntil();
				// b writes Redis without waiting: let its write land before a evicts
				await().atMost(Duration.ofSeconds(10)).until(() -> sharedHas(a, "price:apple:v1"));
				a.getBean(ServiceCaches.class).evict("price", "apple");
				a.getBean(PriceClient.class).price("apple");
				await().atMost(Duration.ofSeconds(10)).until(() -> local(b).read("price:apple:v1") == null);
				b.getBean(PriceClient.class).price("apple");
				assertThat(local(b).read("price:apple:v1").freshUntil()).isGreaterThanOrEqualTo(written);
				assertThat(this.vendor.requests()).isEqualTo(2);
			});
		});
	}

	private static EntryCache local(ConfigurableApplicationContext context) {
		return ((TwoLevelEntryCache) context.getBean(ServiceCaches.class).cache("price")).local();
	}

	private static boolean sharedHas(ConfigurableApplicationContext context, String key) {
		return ((TwoLevelEntryCache) context.getBean(ServiceCaches.class).cache("price")).shared().read(key) != null;
	}

}
