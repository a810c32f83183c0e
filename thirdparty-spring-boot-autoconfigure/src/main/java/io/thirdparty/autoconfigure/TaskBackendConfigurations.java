package io.thirdparty.autoconfigure;

import java.time.Clock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.thirdparty.async.InMemoryTaskBackend;
import io.thirdparty.async.RedisTaskBackend;
import io.thirdparty.async.TaskBackend;
import io.thirdparty.async.ThirdPartyAsyncProperties;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;

/**
 * The task backends, imported in order by {@link ThirdPartyAsyncAutoConfiguration}: Redis
 * when it applies, memory otherwise. Not nested in the auto-configuration so that the
 * import order, not member-class order, decides which is considered first.
 */
abstract class TaskBackendConfigurations {

	private static final Log logger = LogFactory.getLog(TaskBackendConfigurations.class);

	/**
	 * Redis Streams and hashes, when the application has Redis and the store is not
	 * memory.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(StringRedisTemplate.class)
	@ConditionalOnBean(RedisConnectionFactory.class)
	@Conditional(RedisStoreCondition.class)
	static class Redis {

		@Bean
		@ConditionalOnMissingBean(TaskBackend.class)
		RedisTaskBackend thirdPartyRedisTaskBackend(RedisConnectionFactory connectionFactory,
				ThirdPartyAsyncProperties properties, Environment environment, ObjectProvider<Clock> clock) {
			properties.validate();
			String prefix = properties.keyPrefix(environment.getProperty("spring.application.name"));
			return new RedisTaskBackend(connectionFactory, properties, prefix, clock.getIfAvailable(Clock::systemUTC));
		}

	}

	/** This JVM's memory: the embedded default, not durable. */
	@Configuration(proxyBeanMethods = false)
	static class InMemory {

		@Bean
		@ConditionalOnMissingBean(TaskBackend.class)
		InMemoryTaskBackend thirdPartyInMemoryTaskBackend(ThirdPartyAsyncProperties properties,
				ObjectProvider<Clock> clock) {
			properties.validate();
			if (properties.getStore() == ThirdPartyAsyncProperties.Store.REDIS) {
				throw new InvalidThirdPartyConfigurationException(ThirdPartyAsyncProperties.PREFIX + ".store", "redis",
						"the application has no Redis connection factory",
						"Add spring-boot-starter-data-redis and point spring.data.redis.host and port at Redis, "
								+ "or set " + ThirdPartyAsyncProperties.PREFIX + ".store=memory.");
			}
			logger.warn("Queued third-party calls and tasks are kept in memory: they are lost when this instance stops "
					+ "and are not shared with other instances. Add Redis (spring-boot-starter-data-redis) for a durable "
					+ "queue (" + ThirdPartyAsyncProperties.PREFIX + ".store=redis).");
			return new InMemoryTaskBackend(properties.getRetention(), properties.getDeadLetterMaxLength(),
					clock.getIfAvailable(Clock::systemUTC));
		}

	}

	/** Matches unless {@code third-party.async.store=memory}. */
	static class RedisStoreCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ThirdPartyAsyncProperties.Store store = Binder.get(context.getEnvironment())
				.bind(ThirdPartyAsyncProperties.PREFIX + ".store", ThirdPartyAsyncProperties.Store.class)
				.orElse(ThirdPartyAsyncProperties.Store.AUTO);
			return (store != ThirdPartyAsyncProperties.Store.MEMORY)
					? ConditionOutcome.match("third-party.async.store is " + store)
					: ConditionOutcome.noMatch("third-party.async.store is memory");
		}

	}

}
