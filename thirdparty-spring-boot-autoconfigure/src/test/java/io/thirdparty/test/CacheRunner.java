package io.thirdparty.test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.thirdparty.autoconfigure.ThirdPartyCacheAutoConfiguration;

/**
 * Application context runners with the starter's pipeline and cache, and service
 * {@code price} on a fake vendor.
 */
public final class CacheRunner {

	private CacheRunner() {
	}

	/**
	 * Returns a runner with a {@link PriceClient} and service {@code price} cached on
	 * Caffeine.
	 * @param vendor the price vendor
	 * @return the runner
	 */
	public static ApplicationContextRunner price(FakeVendor vendor) {
		return PipelineRunner.create()
			.withConfiguration(AutoConfigurations.of(ThirdPartyCacheAutoConfiguration.class))
			.withBean(PriceClient.class)
			.withPropertyValues("third-party.price.providers[0].name=" + vendor.name(),
					"third-party.price.providers[0].url=" + vendor.url(), "third-party.price.retry.backoff=10ms",
					"third-party.price.cache.ttl=1m");
	}

	/**
	 * Returns a runner like {@link #price(FakeVendor)} on the shared test Redis, keys
	 * under a prefix of their own. Redis gets 5 s to answer (the default is 500 ms): on a
	 * loaded machine a slower answer would count as an outage, and the tests are not
	 * about outages.
	 * @param vendor the price vendor
	 * @param backend redis or two-level
	 * @param prefix the key prefix
	 * @return the runner
	 */
	public static ApplicationContextRunner priceOnRedis(FakeVendor vendor, String backend, String prefix) {
		return price(vendor).withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues(RedisServers.find().springProperties())
			.withPropertyValues("third-party.cache.backend=" + backend, "third-party.cache.key-prefix=" + prefix,
					"third-party.cache.redis.timeout=5s");
	}

}
