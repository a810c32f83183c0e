package io.thirdparty.test;

import io.github.resilience4j.springboot3.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.ratelimiter.autoconfigure.RateLimiterAutoConfiguration;
import io.github.resilience4j.springboot3.timelimiter.autoconfigure.TimeLimiterAutoConfiguration;

import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JAutoConfiguration;

import io.thirdparty.autoconfigure.ThirdPartyAutoConfiguration;
import io.thirdparty.autoconfigure.ThirdPartyProviderHealthAutoConfiguration;
import io.thirdparty.autoconfigure.ThirdPartyQuotaAutoConfiguration;
import io.thirdparty.autoconfigure.ThirdPartyRedisAutoConfiguration;
import io.thirdparty.autoconfigure.ThirdPartyResilienceAutoConfiguration;

/**
 * Application context runners with the starter's pipeline auto-configured as in an
 * application.
 */
public final class PipelineRunner {

	private PipelineRunner() {
	}

	/**
	 * AOP, Spring Cloud CircuitBreaker, Resilience4j and the starter's pipeline (with its
	 * Redis outage tracker) and quotas.
	 */
	public static final Class<?>[] AUTO_CONFIGURATIONS = { AopAutoConfiguration.class,
			CircuitBreakerAutoConfiguration.class, TimeLimiterAutoConfiguration.class,
			RateLimiterAutoConfiguration.class, BulkheadAutoConfiguration.class, Resilience4JAutoConfiguration.class,
			ThirdPartyResilienceAutoConfiguration.class, ThirdPartyQuotaAutoConfiguration.class,
			ThirdPartyAutoConfiguration.class, ThirdPartyProviderHealthAutoConfiguration.class,
			ThirdPartyRedisAutoConfiguration.class };

	/**
	 * Returns a runner with AOP, Spring Cloud CircuitBreaker and the starter.
	 * @return the runner
	 */
	public static ApplicationContextRunner create() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AUTO_CONFIGURATIONS));
	}

	/**
	 * Returns a runner with a {@link SmsClient} bean and service {@code sms} on the given
	 * vendors.
	 * @param vendors the vendors, with their weights
	 * @return the runner
	 */
	public static ApplicationContextRunner sms(Object... vendorsAndWeights) {
		ApplicationContextRunner runner = create().withBean(SmsClient.class);
		for (int i = 0; i < vendorsAndWeights.length; i += 2) {
			FakeVendor vendor = (FakeVendor) vendorsAndWeights[i];
			int index = i / 2;
			runner = runner.withPropertyValues("third-party.sms.providers[" + index + "].name=" + vendor.name(),
					"third-party.sms.providers[" + index + "].url=" + vendor.url(),
					"third-party.sms.providers[" + index + "].weight=" + vendorsAndWeights[i + 1]);
		}
		return runner.withPropertyValues("third-party.sms.retry.backoff=10ms");
	}

}
