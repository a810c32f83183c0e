package io.thirdparty.autoconfigure;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.thirdparty.cache.redis.MicrometerRedisMetrics;
import io.thirdparty.cache.redis.RedisAvailability;
import io.thirdparty.cache.redis.RedisMetrics;
import io.thirdparty.config.ThirdPartyProperties;
import io.thirdparty.provider.ServiceRegistry;

/**
 * Auto-configuration of how the starter lives with Redis outages when the application has
 * a {@link RedisConnectionFactory}: one {@link RedisAvailability} shared by everything
 * the starter keeps in Redis (cache, pull lock, cache invalidations, callback nonces,
 * quotas), so an outage is noticed, warned about and ended once, and the
 * {@code thirdparty.redis.dropped} counter when Micrometer is present.
 */
@AutoConfiguration(after = ThirdPartyAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(RedisConnectionFactory.class)
@ConditionalOnBean({ ServiceRegistry.class, RedisConnectionFactory.class })
public class ThirdPartyRedisAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RedisAvailability thirdPartyRedisAvailability(ThirdPartyProperties properties, ObjectProvider<Clock> clock,
			ObjectProvider<RedisMetrics> metrics) {
		return new RedisAvailability(clock.getIfAvailable(Clock::systemUTC),
				properties.getCache().getRedis().getRetryInterval(), metrics.getIfAvailable(() -> RedisMetrics.NONE));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class Metrics {

		@Bean
		@ConditionalOnMissingBean
		RedisMetrics thirdPartyRedisMetrics(ObjectProvider<MeterRegistry> registries) {
			return new MicrometerRedisMetrics(registries);
		}

	}

}
