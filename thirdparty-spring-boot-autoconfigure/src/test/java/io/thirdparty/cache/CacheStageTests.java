package io.thirdparty.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.test.CacheRunner;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.MutableClock;
import io.thirdparty.test.Price;
import io.thirdparty.test.PriceClient;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cache stage on the default Caffeine backend, over a real HTTP vendor.
 */
class CacheStageTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor vendor = this.vendors.start("prices");

	private final MutableClock clock = new MutableClock();

	@Test
	void secondCallForAKeyIsAnsweredFromTheCache() {
		CacheRunner.price(this.vendor).run((context) -> {
			PriceClient prices = context.getBean(PriceClient.class);
			Price first = prices.price("apple");
			Price second = prices.price("apple");
			assertThat(second).isEqualTo(first);
			assertThat(this.vendor.requests()).isEqualTo(1);
			prices.price("pear");
			assertThat(this.vendor.requests()).isEqualTo(2);
		});
	}

	@Test
	void entryExpiresAfterItsTtl() {
		CacheRunner.price(this.vendor).withBean(Clock.class, () -> this.clock).run((context) -> {
			PriceClient prices = context.getBean(PriceClient.class);
			prices.price("apple");
			this.clock.advance(Duration.ofSeconds(59));
			prices.price("apple");
			assertThat(this.vendor.requests()).isEqualTo(1);
			this.clock.advance(Duration.ofSeconds(2));
			prices.price("apple");
			assertThat(this.vendor.requests()).isEqualTo(2);
		});
	}

	@Test
	void versionBumpMakesEveryOldEntryUnreachable() {
		CacheRunner.price(this.vendor).run((context) -> {
			PriceClient prices = context.getBean(PriceClient.class);
			prices.price("apple");
			prices.price("pear");
			EntryCache cache = context.getBean(ServiceCaches.class).cache("price");
			assertThat(cache.read("price:apple:v1")).isNotNull();
			setProperty(context, "third-party.price.cache.version", "v2");
			prices.price("apple");
			prices.price("pear");
			assertThat(this.vendor.requests()).isEqualTo(4);
			assertThat(cache.read("price:apple:v2")).isNotNull();
			prices.price("apple");
			assertThat(this.vendor.requests()).isEqualTo(4);
		});
	}

	@Test
	void concurrentMissesOnAColdKeyMakeOneVendorRequest() {
		this.vendor.behave(new FakeVendor.Delay(Duration.ofMillis(300)));
		CacheRunner.price(this.vendor).run((context) -> {
			PriceClient prices = context.getBean(PriceClient.class);
			int callers = 200;
			ExecutorService pool = Executors.newFixedThreadPool(callers);
			try {
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Price>> answers = new ArrayList<>();
				for (int i = 0; i < callers; i++) {
					answers.add(pool.submit(() -> {
						start.await();
						return prices.price("cold");
					}));
				}
				start.countDown();
				for (Future<Price> answer : answers) {
					assertThat(answer.get().source()).isEqualTo("{\"vendor\":\"prices\"}");
				}
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(this.vendor.requests()).isEqualTo(1);
		});
	}

	@Test
	void concurrentMissesShareTheFailureOfTheirOneRequest() {
		this.vendor.behave(new FakeVendor.Delay(Duration.ofMillis(300)));
		CacheRunner.price(this.vendor)
			.withPropertyValues("third-party.price.retry.max-attempts=1", "third-party.price.timeout=100ms")
			.run((context) -> {
				PriceClient prices = context.getBean(PriceClient.class);
				ExecutorService pool = Executors.newFixedThreadPool(20);
				try {
					CountDownLatch start = new CountDownLatch(1);
					List<Future<Price>> answers = new ArrayList<>();
					for (int i = 0; i < 20; i++) {
						answers.add(pool.submit(() -> {
							start.await();
							return prices.price("slow");
						}));
					}
					start.countDown();
					for (Future<Price> answer : answers) {
						assertThat(answer.get().source()).isEqualTo("fallback");
					}
				}
				finally {
					pool.shutdownNow();
				}
				assertThat(this.vendor.requests()).isEqualTo(1);
				assertThat(prices.fallbacks()).isEqualTo(20);
			});
	}

	@Test
	void vendorDownServesTheStaleValueWithinStaleIfErrorThenTheFallback() {
		CacheRunner.price(this.vendor)
			.withBean(Clock.class, () -> this.clock)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("third-party.price.cache.stale-if-error=1h")
			.run((context) -> {
				PriceClient prices = context.getBean(PriceClient.class);
				Price loaded = prices.price("apple");
				this.clock.advance(Duration.ofMinutes(2));
				this.vendor.down();
				assertThat(prices.price("apple")).isEqualTo(loaded);
				assertThat(prices.fallbacks()).isZero();
				assertThat(requests(context, "stale")).isEqualTo(1);
				this.clock.advance(Duration.ofHours(1));
				assertThat(prices.price("apple").source()).isEqualTo("fallback");
				assertThat(prices.fallbacks()).isEqualTo(1);
			});
	}

	@Test
	void withoutStaleIfErrorAnExpiredEntryIsNotServed() {
		CacheRunner.price(this.vendor).withBean(Clock.class, () -> this.clock).run((context) -> {
			PriceClient prices = context.getBean(PriceClient.class);
			prices.price("apple");
			this.clock.advance(Duration.ofMinutes(2));
			this.vendor.down();
			assertThat(prices.price("apple").source()).isEqualTo("fallback");
		});
	}

	@Test
	void readWithinTheRefreshAheadWindowReloadsInTheBackground() {
		CacheRunner.price(this.vendor)
			.withBean(Clock.class, () -> this.clock)
			.withPropertyValues("third-party.price.cache.refresh-ahead=20s")
			.run((context) -> {
				PriceClient prices = context.getBean(PriceClient.class);
				EntryCache cache = context.getBean(ServiceCaches.class).cache("price");
				prices.price("apple");
				long firstFreshUntil = cache.read("price:apple:v1").freshUntil();
				this.clock.advance(Duration.ofSeconds(30));
				prices.price("apple");
				assertThat(this.vendor.requests()).isEqualTo(1);
				this.clock.advance(Duration.ofSeconds(15));
				prices.price("apple");
				await().atMost(Duration.ofSeconds(10)).until(() -> this.vendor.requests() == 2);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> cache.read("price:apple:v1").freshUntil() == firstFreshUntil + 45_000);
				this.clock.advance(Duration.ofSeconds(30));
				prices.price("apple");
				assertThat(this.vendor.requests()).isEqualTo(2);
			});
	}

	@Test
	void keyIsEveryArgumentByDefault() {
		CacheRunner.price(this.vendor).run((context) -> {
			PriceClient prices = context.getBean(PriceClient.class);
			prices.quote("apple", 3);
			prices.quote("apple", 3);
			prices.quote("apple", 4);
			assertThat(this.vendor.requests()).isEqualTo(2);
			EntryCache cache = context.getBean(ServiceCaches.class).cache("price");
			assertThat(cache.read("quote:[apple,3]:v1")).isNotNull();
		});
	}

	@Test
	void keyIsTheSpelExpressionOverTheArguments() {
		CacheRunner.price(this.vendor).run((context) -> {
			PriceClient prices = context.getBean(PriceClient.class);
			prices.regional("apple", "north");
			prices.regional("APPLE", "south");
			assertThat(this.vendor.requests()).isEqualTo(1);
			EntryCache cache = context.getBean(ServiceCaches.class).cache("price");
			assertThat(cache.read("regional:APPLE@regional:v1")).isNotNull();
		});
	}

	@Test
	void nullResultsAreNotCachedUnlessAskedFor() {
		CacheRunner.price(this.vendor).run((context) -> {
			PriceClient prices = context.getBean(PriceClient.class);
			assertThat(prices.missing("ghost")).isNull();
			assertThat(prices.missing("ghost")).isNull();
			assertThat(this.vendor.requests()).isEqualTo(2);
		});
		this.vendor.resetCount();
		CacheRunner.price(this.vendor).withPropertyValues("third-party.price.cache.cache-nulls=true").run((context) -> {
			PriceClient prices = context.getBean(PriceClient.class);
			assertThat(prices.missing("ghost")).isNull();
			assertThat(prices.missing("ghost")).isNull();
			assertThat(this.vendor.requests()).isEqualTo(1);
		});
	}

	@Test
	void serviceWithoutCachePassesStraightThrough() {
		CacheRunner.price(this.vendor)
			.withBean(SmsClient.class)
			.withPropertyValues("third-party.sms.providers[0].name=sms",
					"third-party.sms.providers[0].url=" + this.vendor.url())
			.run((context) -> {
				SmsClient sms = context.getBean(SmsClient.class);
				sms.send("hello");
				sms.send("hello");
				assertThat(this.vendor.requests()).isEqualTo(2);
				assertThat(context.getBean(ServiceCaches.class).cache("sms")).isNull();
			});
	}

	@Test
	void cacheCanBeSwitchedOffForOneServiceWhenDefaultsEnableIt() {
		CacheRunner.price(this.vendor)
			.withPropertyValues("third-party.defaults.cache.ttl=10m", "third-party.price.cache.enabled=false")
			.run((context) -> {
				PriceClient prices = context.getBean(PriceClient.class);
				prices.price("apple");
				prices.price("apple");
				assertThat(this.vendor.requests()).isEqualTo(2);
			});
	}

	@Test
	void defaultsCacheAppliesToEveryService() {
		CacheRunner.price(this.vendor)
			.withPropertyValues("third-party.price.cache.ttl=", "third-party.defaults.cache.ttl=10m",
					"third-party.defaults.cache.version=d1")
			.run((context) -> {
				PriceClient prices = context.getBean(PriceClient.class);
				prices.price("apple");
				prices.price("apple");
				assertThat(this.vendor.requests()).isEqualTo(1);
				assertThat(context.getBean(ServiceCaches.class).cache("price").read("price:apple:d1")).isNotNull();
			});
	}

	@Test
	void requestsAreCountedByResult() {
		CacheRunner.price(this.vendor).withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			PriceClient prices = context.getBean(PriceClient.class);
			prices.price("apple");
			prices.price("apple");
			prices.price("apple");
			assertThat(requests(context, "miss")).isEqualTo(1);
			assertThat(requests(context, "hit")).isEqualTo(2);
		});
	}

	@Test
	void evictRemovesOneKeyAndClearRemovesTheService() {
		CacheRunner.price(this.vendor).run((context) -> {
			PriceClient prices = context.getBean(PriceClient.class);
			ServiceCaches caches = context.getBean(ServiceCaches.class);
			prices.price("apple");
			prices.price("pear");
			assertThat(caches.evict("price", "apple")).isTrue();
			prices.price("apple");
			prices.price("pear");
			assertThat(this.vendor.requests()).isEqualTo(3);
			assertThat(caches.clear("price")).isTrue();
			prices.price("pear");
			assertThat(this.vendor.requests()).isEqualTo(4);
			assertThat(caches.evict("sms", "x")).isFalse();
		});
	}

	private static double requests(AssertableApplicationContext context, String result) {
		return context.getBean(MeterRegistry.class)
			.get("thirdparty.cache.requests")
			.tag("service", "price")
			.tag("result", result)
			.counter()
			.count();
	}

	static void setProperty(AssertableApplicationContext context, String key, String value) {
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test-" + key, Map.of(key, value)));
		context.getBean(ServiceRegistry.class).reload();
	}

}
