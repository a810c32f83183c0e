package io.thirdparty.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.thirdparty.cache.redis.RedisAvailability;
import io.thirdparty.config.ThirdPartyProperties;
import io.thirdparty.quota.LettuceQuotaBuckets;
import io.thirdparty.quota.Quotas;
import io.thirdparty.quota.SharedQuotaBuckets;

/**
 * Auto-configuration of the quotas of services and providers
 * ({@code third-party.<service>.quota}, {@code third-party.<service>.providers[].quota}).
 * With a Lettuce {@link RedisConnectionFactory} and Bucket4j's Lettuce module on the
 * classpath every quota is a Bucket4j bucket in Redis shared by every instance, on a
 * connection of the application's own Lettuce client; otherwise each instance counts
 * alone. Redis outages are tracked by the starter's one {@link RedisAvailability}, shared
 * with its other users of Redis.
 */
@AutoConfiguration(before = ThirdPartyAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(Bucket.class)
@EnableConfigurationProperties(ThirdPartyProperties.class)
public class ThirdPartyQuotaAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ThirdPartyQuotaAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	Quotas thirdPartyQuotas(ObjectProvider<SharedQuotaBuckets> shared, ThirdPartyProperties properties,
			ObjectProvider<Clock> clock, ObjectProvider<RedisAvailability> availability) {
		Clock time = clock.getIfAvailable(Clock::systemUTC);
		Duration retryInterval = properties.getCache().getRedis().getRetryInterval();
		return new Quotas(shared.getIfUnique(), time,
				availability.getIfUnique(() -> new RedisAvailability(time, retryInterval)), retryInterval,
				properties.getQuotas().getKeyPrefix());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Bucket4jLettuce.class, RedisClient.class, LettuceConnectionFactory.class })
	@ConditionalOnBean(RedisConnectionFactory.class)
	static class RedisQuotaConfiguration {

		/**
		 * Buckets in Redis over the application's Lettuce client; an application whose
		 * Redis connection is not Lettuce's (Jedis) counts its quotas per instance, and
		 * is told so.
		 */
		@Bean
		@ConditionalOnMissingBean
		SharedQuotaBuckets thirdPartySharedQuotaBuckets(RedisConnectionFactory connectionFactory,
				ThirdPartyProperties properties, ObjectProvider<Clock> clock) {
			if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)) {
				logger.warn("Third-party quotas need a Lettuce connection to Redis to be shared, and the application's "
						+ "RedisConnectionFactory is a " + connectionFactory.getClass().getName()
						+ "; each instance counts its quotas alone");
				return null;
			}
			return new LettuceQuotaBuckets(lettuce, clock.getIfAvailable(Clock::systemUTC),
					properties.getQuotas().getTimeout());
		}

	}

}
