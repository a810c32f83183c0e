package io.thirdparty.autoconfigure;

import java.time.Clock;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.thirdparty.actuate.CacheOperations;
import io.thirdparty.cache.redis.RedisAvailability;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.operator.LocalOperatorSharing;
import io.thirdparty.operator.OperatorApplier;
import io.thirdparty.operator.OperatorProperties;
import io.thirdparty.operator.OperatorSharing;
import io.thirdparty.operator.RedisOperatorSharing;
import io.thirdparty.provider.ProviderControl;
import io.thirdparty.provider.ServiceRegistry;

/**
 * Auto-configuration of how far operator actions reach: every instance through Redis when
 * the application has a Redis connection factory (and {@code third-party.operator.shared}
 * is not false), this instance only otherwise.
 */
@AutoConfiguration(
		after = { ThirdPartyAutoConfiguration.class, ThirdPartyProviderHealthAutoConfiguration.class,
				ThirdPartyCacheAutoConfiguration.class, ThirdPartyRedisAutoConfiguration.class },
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnBean({ ServiceRegistry.class, ProviderControl.class })
@EnableConfigurationProperties(OperatorProperties.class)
public class ThirdPartyOperatorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OperatorSharing thirdPartyOperatorSharing(OperatorProperties properties, ObjectProvider<Clock> clock) {
		return new LocalOperatorSharing(instanceId(properties), clock.getIfAvailable(Clock::systemUTC));
	}

	static String instanceId(OperatorProperties properties) {
		if (properties.getInstanceId() != null && !properties.getInstanceId().isBlank()) {
			return properties.getInstanceId().strip();
		}
		String host = System.getenv("HOSTNAME");
		return ((host != null && !host.isBlank()) ? host : "host") + ":" + ProcessHandle.current().pid() + ":"
				+ UUID.randomUUID().toString().substring(0, 8);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	@ConditionalOnBean(RedisConnectionFactory.class)
	@ConditionalOnBooleanProperty(name = OperatorProperties.PREFIX + ".shared", matchIfMissing = true)
	static class RedisOperatorConfiguration {

		@Bean
		@ConditionalOnMissingBean(OperatorSharing.class)
		RedisOperatorSharing thirdPartyRedisOperatorSharing(RedisConnectionFactory connectionFactory,
				OperatorProperties properties, ServiceRegistry services, ProviderControl control,
				ObjectProvider<CacheOperations> cache, Environment environment, ObjectProvider<Clock> clock,
				ObjectProvider<RedisAvailability> outages) {
			check(properties);
			Clock time = clock.getIfAvailable(Clock::systemUTC);
			// the starter's one outage tracker (ThirdPartyRedisAutoConfiguration)
			RedisAvailability availability = outages
				.getIfUnique(() -> new RedisAvailability(time, properties.getResyncInterval()));
			return new RedisOperatorSharing(connectionFactory,
					properties.keyPrefix(environment.getProperty("spring.application.name")), instanceId(properties),
					services, new OperatorApplier(control, cache.getIfUnique()), availability, properties.getTimeout(),
					properties.getResyncInterval(), time);
		}

		private static void check(OperatorProperties properties) {
			if (properties.getTimeout().isNegative() || properties.getTimeout().isZero()) {
				throw new InvalidThirdPartyConfigurationException(OperatorProperties.PREFIX + ".timeout",
						properties.getTimeout(), "it must be positive", "Set it to e.g. 1s.");
			}
			if (properties.getResyncInterval().isNegative() || properties.getResyncInterval().isZero()) {
				throw new InvalidThirdPartyConfigurationException(OperatorProperties.PREFIX + ".resync-interval",
						properties.getResyncInterval(), "it must be positive", "Set it to e.g. 5s.");
			}
		}

	}

}
