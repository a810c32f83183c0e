package io.thirdparty.cache;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import io.thirdparty.cache.redis.MicrometerRedisMetrics;
import io.thirdparty.cache.redis.RedisAvailability;
import io.thirdparty.cache.redis.TwoLevelEntryCache;
import io.thirdparty.test.CacheRunner;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PriceClient;
import io.thirdparty.test.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stopped under a running application: calls keep being answered, one warning is
 * logged, caching resumes by itself when Redis returns, and no instance keeps serving an
 * in-memory entry that changed on another instance meanwhile.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisOutageTests {

	private static final String OUTAGE = "Redis is unavailable to the third-party starter";

	private static final String RECOVERY = "Redis is reachable again";

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor vendor = this.vendors.start("prices");

	private final RedisServers.OwnServer redis = RedisServers.ownServer();

	@AfterEach
	void stop() {
		this.redis.close();
	}

	@Test
	void callsSucceedWhileRedisIsDownAndCachingResumesWhenItReturns(CapturedOutput output) {
		run("redis", output);
	}

	@Test
	void twoLevelKeepsServingFromMemoryWhileRedisIsDown(CapturedOutput output) {
		CacheRunner.priceOnRedis(this.vendor, "two-level", RedisServers.uniquePrefix("outage"))
			.withPropertyValues(ownRedis())
			.run((context) -> {
				PriceClient prices = context.getBean(PriceClient.class);
				prices.price("apple");
				this.redis.kill();
				for (int i = 0; i < 10; i++) {
					assertThat(prices.price("apple").sku()).isEqualTo("apple");
				}
				assertThat(this.vendor.requests()).isEqualTo(1);
			});
	}

	@Test
	void entryChangedOnOneInstanceDuringAnOutageIsNotServedFromTheOthersMemoryOnceRedisReturns() {
		String key = "price:apple:v1";
		// a ttl far beyond the test, so that only resynchronisation can remove the stale
		// copy
		ApplicationContextRunner instance = CacheRunner
			.priceOnRedis(this.vendor, "two-level", RedisServers.uniquePrefix("resync"))
			.withPropertyValues(ownRedis())
			.withPropertyValues("third-party.price.cache.ttl=1h");
		instance.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((one) -> instance.run((two) -> {
			one.getBean(PriceClient.class).price("apple");
			await().atMost(Duration.ofSeconds(10)).until(() -> twoLevel(two).shared().read(key) != null);
			two.getBean(PriceClient.class).price("apple");
			assertThat(twoLevel(two).local().read(key)).isNotNull();
			assertThat(this.vendor.requests()).isEqualTo(1);

			this.redis.kill();
			one.getBean(ServiceCaches.class).evict("price", "apple");
			one.getBean(PriceClient.class).price("apple");
			assertThat(this.vendor.requests()).isEqualTo(2);
			// the other instance never needed Redis meanwhile: it answers from memory
			two.getBean(PriceClient.class).price("apple");
			assertThat(this.vendor.requests()).isEqualTo(2);
			assertThat(one.getBean(MeterRegistry.class)
				.get(MicrometerRedisMetrics.DROPPED)
				.tag("what", RedisAvailability.DROPPED_INVALIDATION)
				.counter()
				.count()).isPositive();

			this.redis.start();
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> twoLevel(two).local().read(key) == null);
			two.getBean(PriceClient.class).price("apple");
			assertThat(this.vendor.requests()).isEqualTo(3);
		}));
	}

	private static TwoLevelEntryCache twoLevel(ConfigurableApplicationContext context) {
		return (TwoLevelEntryCache) context.getBean(ServiceCaches.class).cache("price");
	}

	private void run(String backend, CapturedOutput output) {
		CacheRunner.priceOnRedis(this.vendor, backend, RedisServers.uniquePrefix("outage"))
			.withPropertyValues(ownRedis())
			.run((context) -> {
				PriceClient prices = context.getBean(PriceClient.class);
				EntryCache cache = context.getBean(ServiceCaches.class).cache("price");
				prices.price("apple");
				await().atMost(Duration.ofSeconds(10)).until(() -> cache.read("price:apple:v1") != null);
				prices.price("apple");
				assertThat(this.vendor.requests()).isEqualTo(1);

				this.redis.kill();
				for (int i = 0; i < 20; i++) {
					assertThat(prices.price("sku-" + (i % 3)).sku()).isEqualTo("sku-" + (i % 3));
				}
				assertThat(this.vendor.requests()).isEqualTo(21);
				assertThat(occurrences(output.getAll(), OUTAGE)).isEqualTo(1);

				this.redis.start();
				await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
					int before = this.vendor.requests();
					prices.price("after");
					return this.vendor.requests() == before;
				});
				assertThat(occurrences(output.getAll(), OUTAGE)).isEqualTo(1);
				assertThat(occurrences(output.getAll(), RECOVERY)).isEqualTo(1);
			});
	}

	private String[] ownRedis() {
		// a live Redis must answer within the timeouts even on a loaded machine, or a
		// read counts as an outage
		return new String[] { "spring.data.redis.host=" + this.redis.host(),
				"spring.data.redis.port=" + this.redis.port(), "spring.data.redis.timeout=5s",
				"spring.data.redis.connect-timeout=2s", "third-party.cache.redis.timeout=2s",
				"third-party.cache.redis.retry-interval=300ms" };
	}

	private static int occurrences(String text, String needle) {
		int count = 0;
		for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
			count++;
		}
		return count;
	}

}
