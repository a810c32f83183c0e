package io.thirdparty.cache;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.web.client.RestClient;

import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyContext;
import io.thirdparty.ThirdPartyPull;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.test.CacheRunner;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.Price;
import io.thirdparty.test.PriceClient;
import io.thirdparty.test.PricePuller;
import io.thirdparty.test.RedisKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scheduled pulls ({@code @ThirdPartyPull}) filling a service's cache.
 */
class PullTests {

	@RegisterExtension
	final RedisKeys keys = RedisKeys.under("pull");

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor vendor = this.vendors.start("prices");

	@Test
	void pullAtStartupFillsTheCacheSoCallsAreHits() {
		CacheRunner.price(this.vendor)
			.withBean(PricePuller.class)
			.withPropertyValues("third-party.price.cache.pull.interval=1d")
			.run((context) -> {
				EntryCache cache = context.getBean(ServiceCaches.class).cache("price");
				await().atMost(Duration.ofSeconds(10)).until(() -> cache.read("price:plum:v1") != null);
				Price apple = context.getBean(PriceClient.class).price("apple");
				assertThat(apple.source()).isEqualTo("pulled#1");
				assertThat(this.vendor.requests()).isZero();
			});
	}

	@Test
	void pullRunsAgainEveryInterval() {
		CacheRunner.price(this.vendor)
			.withBean(PricePuller.class)
			.withPropertyValues("third-party.price.cache.pull.interval=200ms")
			.run((context) -> {
				PricePuller puller = context.getBean(PricePuller.class);
				await().atMost(Duration.ofSeconds(20)).until(() -> puller.pulls() >= 3);
				EntryCache cache = context.getBean(ServiceCaches.class).cache("price");
				await().atMost(Duration.ofSeconds(10))
					.until(() -> !"pulled#1".equals(((Price) cache.read("price:apple:v1").value()).source()));
			});
	}

	@Test
	void withTwoInstancesOnRedisEachRoundRunsOnce() {
		String prefix = this.keys.prefix();
		CacheRunner.priceOnRedis(this.vendor, "redis", prefix)
			.withBean(PricePuller.class)
			.withPropertyValues("third-party.price.cache.pull.interval=1d")
			.run((a) -> CacheRunner.priceOnRedis(this.vendor, "redis", prefix)
				.withBean(PricePuller.class)
				.withPropertyValues("third-party.price.cache.pull.interval=1d")
				.run((b) -> {
					await().atMost(Duration.ofSeconds(20)).until(() -> rounds(a) == 1 && rounds(b) == 1);
					assertThat(a.getBean(PricePuller.class).pulls() + b.getBean(PricePuller.class).pulls())
						.isEqualTo(1);
					EntryCache cache = b.getBean(ServiceCaches.class).cache("price");
					await().atMost(Duration.ofSeconds(10)).until(() -> cache.read("price:pear:v1") != null);
					assertThat(b.getBean(PriceClient.class).price("pear").source()).isEqualTo("pulled#1");
					assertThat(this.vendor.requests()).isZero();
				}));
	}

	@Test
	void pullMethodThatIsAlsoAThirdPartyCallIsNotItselfCached() {
		CacheRunner.price(this.vendor)
			.withBean(VendorPuller.class)
			.withPropertyValues("third-party.price.cache.pull.interval=1d")
			.run((context) -> {
				EntryCache cache = context.getBean(ServiceCaches.class).cache("price");
				await().atMost(Duration.ofSeconds(10)).until(() -> cache.read("price:kiwi:v1") != null);
				assertThat(this.vendor.requests()).isEqualTo(1);
				assertThat(cache.read(":v1")).isNull();
				assertThat(((Price) cache.read("price:kiwi:v1").value()).source()).isEqualTo("{\"vendor\":\"prices\"}");
			});
	}

	@Test
	void pullWithoutScheduleFailsStartup() {
		CacheRunner.price(this.vendor).withBean(PricePuller.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.isInstanceOf(InvalidThirdPartyConfigurationException.class)
				.hasMessageContaining("third-party.price.cache.pull.interval");
		});
	}

	@Test
	void pullForAServiceWithoutCacheFailsStartup() {
		CacheRunner.price(this.vendor)
			.withBean(PricePuller.class)
			.withPropertyValues("third-party.price.cache.enabled=false")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
					.isInstanceOf(InvalidThirdPartyConfigurationException.class)
					.hasMessageContaining("third-party.price.cache.ttl");
			});
	}

	private static int rounds(ConfigurableApplicationContext context) {
		return context.getBean(CachePullScheduler.class).tasks().get(0).rounds();
	}

	/** Pulls through the pipeline, so the pull itself gets the service's provider. */
	static class VendorPuller {

		private final RestClient rest = RestClient.create();

		@ThirdPartyPull(service = "price", keyspace = "price")
		@ThirdPartyCall(service = "price")
		public Map<String, Price> all() {
			Provider provider = ThirdPartyContext.provider();
			String body = this.rest.get().uri(provider.url() + "/prices").retrieve().body(String.class);
			return Map.of("kiwi", new Price("kiwi", BigDecimal.TEN, body));
		}

	}

}
