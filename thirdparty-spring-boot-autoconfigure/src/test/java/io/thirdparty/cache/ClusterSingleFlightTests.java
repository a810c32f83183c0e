package io.thirdparty.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.thirdparty.cache.redis.RedisAvailability;
import io.thirdparty.test.CacheRunner;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.MutableClock;
import io.thirdparty.test.Price;
import io.thirdparty.test.PriceClient;
import io.thirdparty.test.RedisKeys;
import io.thirdparty.test.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several application contexts sharing one Redis miss the same key at once: one of them
 * calls the vendor under the key's lease, the others wait for its entry.
 */
class ClusterSingleFlightTests {

	private static final String KEY = "price:apple:v1";

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor vendor = this.vendors.start("prices");

	@RegisterExtension
	final RedisKeys keys = RedisKeys.under("flight");

	private final String prefix = this.keys.prefix();

	private final ExecutorService callers = Executors.newCachedThreadPool();

	@AfterEach
	void stopCallers() {
		this.vendor.release();
		this.callers.shutdownNow();
	}

	@Test
	void fourInstancesMissingOneKeyFiftyTimesEachMakeOneVendorRequest() {
		this.vendor.hold();
		withInstances(runner("redis", "30s", "30s"), 4, (instances) -> {
			CountDownLatch started = new CountDownLatch(4 * 50);
			List<Future<Price>> answers = new ArrayList<>();
			for (AssertableApplicationContext instance : instances) {
				PriceClient client = instance.getBean(PriceClient.class);
				for (int i = 0; i < 50; i++) {
					answers.add(this.callers.submit(() -> {
						started.countDown();
						return client.price("apple");
					}));
				}
			}
			assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
			// every instance has its load of the key under way: its loader, or its waiter
			// for another's
			await().atMost(Duration.ofSeconds(30))
				.until(() -> instances.stream().allMatch((instance) -> flying(instance, KEY)));
			await().atMost(Duration.ofSeconds(30)).until(() -> this.vendor.requests() == 1);
			this.vendor.release();
			for (Future<Price> answer : answers) {
				assertThat(answer.get(30, TimeUnit.SECONDS).source()).contains("prices");
			}
			assertThat(this.vendor.requests()).isEqualTo(1);
		});
	}

	@Test
	void withoutTheClusterLeaseEachInstanceCallsTheVendor() {
		this.vendor.hold();
		withInstances(
				runner("redis", "30s", "30s").withPropertyValues("third-party.price.cache.single-flight.cluster=false"),
				2, (instances) -> {
					List<Future<Price>> answers = new ArrayList<>();
					for (AssertableApplicationContext instance : instances) {
						PriceClient client = instance.getBean(PriceClient.class);
						answers.add(this.callers.submit(() -> client.price("apple")));
					}
					await().atMost(Duration.ofSeconds(30)).until(() -> this.vendor.requests() == 2);
					this.vendor.release();
					for (Future<Price> answer : answers) {
						answer.get(30, TimeUnit.SECONDS);
					}
				});
	}

	@Test
	void whenTheLoaderFailsTheWaitersTakeTheLeaseOneAtATime() {
		this.vendor.behave(new FakeVendor.SlowStatus(Duration.ofMillis(300), 500));
		withInstances(runner("redis", "30s", "30s").withPropertyValues("third-party.price.retry.max-attempts=1"), 4,
				(instances) -> {
					List<Future<Price>> answers = new ArrayList<>();
					for (AssertableApplicationContext instance : instances) {
						PriceClient client = instance.getBean(PriceClient.class);
						for (int i = 0; i < 10; i++) {
							answers.add(this.callers.submit(() -> client.price("apple")));
						}
					}
					for (Future<Price> answer : answers) {
						// the fallback answers every caller: no error reaches one
						assertThat(answer.get(60, TimeUnit.SECONDS).source()).isEqualTo("fallback");
					}
					assertThat(this.vendor.requests()).isGreaterThanOrEqualTo(4);
					assertThat(this.vendor.maxConcurrent()).isEqualTo(1);
				});
	}

	@Test
	void aLeaseWhoseLoaderDiedExpiresAndTheWaiterLoads() {
		withInstances(runner("two-level", "2s", "60s"), 1, (instances) -> {
			AssertableApplicationContext instance = instances.get(0);
			StringRedisTemplate redis = new StringRedisTemplate(instance.getBean(RedisConnectionFactory.class));
			String lease = this.prefix + "thirdparty:flight:price:" + KEY;
			// a loader on another instance took the lease and died
			redis.opsForValue().set(lease, "dead-loader", Duration.ofSeconds(3));
			PriceClient client = instance.getBean(PriceClient.class);
			Future<Price> answer = this.callers.submit(() -> client.price("apple"));
			await().atMost(Duration.ofSeconds(30)).until(() -> flying(instance, KEY));
			int whileLeased = this.vendor.requests();
			boolean stillLeased = "dead-loader".equals(redis.opsForValue().get(lease));
			assertThat(stillLeased).as("the dead loader's lease outlived the check; give it longer").isTrue();
			assertThat(whileLeased).isZero();
			assertThat(answer.get(30, TimeUnit.SECONDS).source()).contains("prices");
			assertThat(this.vendor.requests()).isEqualTo(1);
			// the waiter released its own lease once its entry was stored
			assertThat(redis.hasKey(lease)).isFalse();
		});
	}

	@Test
	void whileRedisIsDownEachInstanceMakesItsOwnSingleCallAndNoCallerSeesAnError() {
		try (RedisServers.OwnServer redis = RedisServers.ownServer()) {
			ApplicationContextRunner runner = runner("two-level", "30s", "30s").withPropertyValues(
					"spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
					"spring.data.redis.timeout=5s", "spring.data.redis.connect-timeout=2s",
					"third-party.cache.redis.timeout=2s", "third-party.cache.redis.retry-interval=300ms");
			this.vendor.hold();
			withInstances(runner, 2, (instances) -> {
				redis.kill();
				List<Future<Price>> answers = new ArrayList<>();
				for (AssertableApplicationContext instance : instances) {
					PriceClient client = instance.getBean(PriceClient.class);
					for (int i = 0; i < 20; i++) {
						answers.add(this.callers.submit(() -> client.price("apple")));
					}
				}
				await().atMost(Duration.ofSeconds(30)).until(() -> this.vendor.requests() == 2);
				this.vendor.release();
				for (Future<Price> answer : answers) {
					assertThat(answer.get(30, TimeUnit.SECONDS).source()).contains("prices");
				}
				assertThat(this.vendor.requests()).isEqualTo(2);
				assertThat(instances.get(0).getBean(RedisAvailability.class).isUp()).isFalse();
			});
		}
	}

	@Test
	void refreshAheadLeavesAKeyLeasedByAnotherInstanceToIt() {
		MutableClock clock = new MutableClock();
		ApplicationContextRunner runner = runner("redis", "30s", "30s").withBean(Clock.class, () -> clock)
			.withPropertyValues("third-party.price.cache.refresh-ahead=20s");
		withInstances(runner, 1, (instances) -> {
			AssertableApplicationContext instance = instances.get(0);
			PriceClient client = instance.getBean(PriceClient.class);
			client.price("apple");
			StringRedisTemplate redis = new StringRedisTemplate(instance.getBean(RedisConnectionFactory.class));
			String lease = this.prefix + "thirdparty:flight:price:" + KEY;
			// another instance is reloading the key
			redis.opsForValue().set(lease, "other-instance", Duration.ofSeconds(30));
			clock.advance(Duration.ofSeconds(45));
			client.price("apple");
			await().atMost(Duration.ofSeconds(10)).until(() -> !flying(instance, KEY));
			assertThat(this.vendor.requests()).isEqualTo(1);
			redis.delete(lease);
			client.price("apple");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.vendor.requests() == 2);
		});
	}

	private ApplicationContextRunner runner(String backend, String lease, String wait) {
		return CacheRunner.priceOnRedis(this.vendor, backend, this.prefix)
			.withPropertyValues("third-party.price.cache.single-flight.lease=" + lease,
					"third-party.price.cache.single-flight.wait=" + wait);
	}

	private static boolean flying(AssertableApplicationContext instance, String key) {
		return instance.getBean(ServiceCaches.class).of("price").flights().containsKey(key);
	}

	/**
	 * Starts {@code count} contexts of the runner, all running while {@code body} runs.
	 */
	private static void withInstances(ApplicationContextRunner runner, int count, Body body) {
		start(runner, count, new ArrayList<>(), body);
	}

	private static void start(ApplicationContextRunner runner, int count, List<AssertableApplicationContext> started,
			Body body) {
		runner.run((context) -> {
			assertThat(context).hasNotFailed();
			started.add(context);
			if (started.size() < count) {
				start(runner, count, started, body);
			}
			else {
				body.run(started);
			}
		});
	}

	@FunctionalInterface
	interface Body {

		void run(List<AssertableApplicationContext> instances) throws Exception;

	}

}
