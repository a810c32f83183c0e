package io.thirdparty.cache;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.thirdparty.test.CacheRunner;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PriceClient;
import io.thirdparty.test.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stopped under a running application: calls keep being answered, one warning is
 * logged, and caching resumes by itself when Redis returns.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisOutageTests {

	private static final String OUTAGE = "Redis is unavailable to the third-party cache";

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
		// a live Redis must answer within the timeouts even on a loaded machine, or a read counts as an outage
		return new String[] { "spring.data.redis.host=" + this.redis.host(), "spring.data.redis.port=" + this.redis.port(),
				"spring.data.redis.timeout=5s", "spring.data.redis.connect-timeout=2s",
				"third-party.cache.redis.timeout=2s", "third-party.cache.redis.retry-interval=300ms" };
	}

	private static int occurrences(String text, String needle) {
		int count = 0;
		for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
			count++;
		}
		return count;
	}

}
