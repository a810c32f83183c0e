package io.thirdparty.quota;

import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where quotas are counted (Redis when the application has a Lettuce connection, each
 * instance otherwise) and the startup failures of bad quota and cost settings, each
 * naming its key.
 */
class QuotaConfigurationTests {

	private final ApplicationContextRunner runner = PipelineRunner.create()
		.withPropertyValues("third-party.sms.providers[0].name=a", "third-party.sms.providers[0].url=http://a.example",
				"third-party.sms.providers[0].quota.limit=10");

	@Test
	void withoutRedisEachInstanceCountsAlone() {
		this.runner.run((context) -> {
			assertThat(context.getBean(Quotas.class).isShared()).isFalse();
			assertThat(context).doesNotHaveBean(SharedQuotaBuckets.class);
			assertThat(context.getBean(ServiceRegistry.class).get("sms").quota(0).isShared()).isFalse();
		});
	}

	@Test
	void withALettuceConnectionQuotasAreSharedThroughRedis() {
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues(RedisServers.find().springProperties())
			.run((context) -> {
				assertThat(context).hasSingleBean(LettuceQuotaBuckets.class);
				assertThat(context.getBean(ServiceRegistry.class).get("sms").quota(0).isShared()).isTrue();
			});
	}

	@Test
	void withoutBucket4jLettuceQuotasAreCountedPerInstance() {
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues(RedisServers.find().springProperties())
			.withClassLoader(new FilteredClassLoader(Bucket4jLettuce.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(SharedQuotaBuckets.class);
				assertThat(context.getBean(Quotas.class).isShared()).isFalse();
			});
	}

	@Test
	void userBucketsReplaceTheStarters() {
		SharedQuotaBuckets own = new SharedQuotaBuckets() {
			@Override
			public io.github.bucket4j.Bucket bucket(String key, io.github.bucket4j.BucketConfiguration configuration) {
				return io.github.bucket4j.Bucket.builder().addLimit(configuration.getBandwidths()[0]).build();
			}

			@Override
			public String describe() {
				return "memory";
			}
		};
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues(RedisServers.find().springProperties())
			.withBean(SharedQuotaBuckets.class, () -> own)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(LettuceQuotaBuckets.class);
				assertThat(context.getBean(Quotas.class).isShared()).isTrue();
			});
	}

	@Test
	void providerQuotaLimitBelowOne() {
		this.runner.withPropertyValues("third-party.sms.providers[0].quota.limit=0")
			.run(failsOn("third-party.sms.providers[0].quota.limit", "0"));
	}

	@Test
	void providerQuotaPeriodNotPositive() {
		this.runner.withPropertyValues("third-party.sms.providers[0].quota.period=0s")
			.run(failsOn("third-party.sms.providers[0].quota.period", "PT0S"));
	}

	@Test
	void serviceQuotaLimitBelowOne() {
		this.runner.withPropertyValues("third-party.sms.quota.limit=-3")
			.run(failsOn("third-party.sms.quota.limit", "-3"));
	}

	@Test
	void serviceQuotaPeriodNotPositive() {
		this.runner.withPropertyValues("third-party.sms.quota.limit=5", "third-party.sms.quota.period=-1s")
			.run(failsOn("third-party.sms.quota.period", "PT-1S"));
	}

	@Test
	void localShareOutOfRange() {
		this.runner.withPropertyValues("third-party.sms.quota.local-share=1.5")
			.run(failsOn("third-party.sms.quota.local-share", "1.5"));
	}

	@Test
	void localShareSetUnderDefaultsIsReportedUnderDefaults() {
		this.runner.withPropertyValues("third-party.defaults.quota.local-share=0")
			.run(failsOn("third-party.defaults.quota.local-share", "0"));
	}

	@Test
	void negativeCost() {
		this.runner.withPropertyValues("third-party.sms.providers[0].cost=-1")
			.run(failsOn("third-party.sms.providers[0].cost", "-1"));
	}

	@Test
	void quotasIsAReservedNameNotAService() {
		this.runner.withPropertyValues("third-party.quotas.key-prefix=app:").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ServiceRegistry.class).get("quotas")).isNull();
		});
	}

	private static ContextConsumer<AssertableApplicationContext> failsOn(String property, String value) {
		return (context) -> {
			assertThat(context).hasFailed();
			InvalidThirdPartyConfigurationException ex = findCause(context.getStartupFailure());
			assertThat(ex.getProperty()).isEqualTo(property);
			assertThat(String.valueOf(ex.getValue())).startsWith(value);
			assertThat(ex.getAction()).contains(property);
		};
	}

	private static InvalidThirdPartyConfigurationException findCause(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof InvalidThirdPartyConfigurationException ex) {
				return ex;
			}
		}
		throw new AssertionError("No InvalidThirdPartyConfigurationException in " + failure, failure);
	}

}
