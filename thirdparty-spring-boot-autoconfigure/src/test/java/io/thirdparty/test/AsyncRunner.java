package io.thirdparty.test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.thirdparty.autoconfigure.ThirdPartyAsyncAutoConfiguration;

/**
 * Application context runners with the pipeline and the asynchronous auto-configuration,
 * with short timings so that tests wait little.
 */
public final class AsyncRunner {

	private AsyncRunner() {
	}

	/**
	 * Returns a runner with Jackson and the asynchronous auto-configuration but no Redis,
	 * so the task queue is in memory.
	 * @return the runner
	 */
	public static ApplicationContextRunner inMemory() {
		return fast(PipelineRunner.create()
			.withConfiguration(
					AutoConfigurations.of(JacksonAutoConfiguration.class, ThirdPartyAsyncAutoConfiguration.class)));
	}

	/**
	 * Returns a runner whose task queue is in the test Redis under the given key prefix.
	 * @param prefix the key prefix, from {@link RedisServers#uniquePrefix}
	 * @return the runner
	 */
	public static ApplicationContextRunner redis(String prefix) {
		return redisWithDefaultPrefix().withPropertyValues("third-party.async.key-prefix=" + prefix);
	}

	/**
	 * Returns a runner whose task queue is in the test Redis under the default key prefix
	 * (the caller deletes its keys).
	 * @return the runner
	 */
	public static ApplicationContextRunner redisWithDefaultPrefix() {
		// one AutoConfigurations so that Redis is configured before the asynchronous
		// configuration
		return fast(PipelineRunner.create()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class,
					ThirdPartyAsyncAutoConfiguration.class)))
			.withPropertyValues(RedisServers.find().springProperties());
	}

	private static ApplicationContextRunner fast(ApplicationContextRunner runner) {
		return runner.withPropertyValues("third-party.async.poll-timeout=100ms", "third-party.async.retry.backoff=20ms",
				"third-party.async.shutdown-timeout=2s");
	}

	/**
	 * Configures a service on fake vendors, one attempt per call and short backoffs.
	 * @param runner the runner
	 * @param service the service name
	 * @param vendors its providers, with equal weights
	 * @return the runner
	 */
	public static ApplicationContextRunner service(ApplicationContextRunner runner, String service,
			FakeVendor... vendors) {
		ApplicationContextRunner configured = runner
			.withPropertyValues("third-party." + service + ".retry.backoff=10ms");
		for (int i = 0; i < vendors.length; i++) {
			configured = configured.withPropertyValues(
					"third-party." + service + ".providers[" + i + "].name=" + vendors[i].name(),
					"third-party." + service + ".providers[" + i + "].url=" + vendors[i].url());
		}
		return configured;
	}

}
