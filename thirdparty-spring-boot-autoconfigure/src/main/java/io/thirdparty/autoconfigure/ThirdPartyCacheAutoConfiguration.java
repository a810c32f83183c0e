package io.thirdparty.autoconfigure;

import java.time.Clock;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.scheduling.TaskScheduler;

import io.thirdparty.actuate.CacheOperations;
import io.thirdparty.cache.CacheBackend;
import io.thirdparty.cache.CacheKeys;
import io.thirdparty.cache.CacheMetrics;
import io.thirdparty.cache.CachePullScheduler;
import io.thirdparty.cache.CacheRefreshChannel;
import io.thirdparty.cache.CacheRefresher;
import io.thirdparty.cache.CacheRefreshes;
import io.thirdparty.cache.CacheStage;
import io.thirdparty.cache.CacheVersionOperations;
import io.thirdparty.cache.CaffeineEntryCache;
import io.thirdparty.cache.EntryCacheFactory;
import io.thirdparty.cache.FlightLease;
import io.thirdparty.cache.MicrometerCacheMetrics;
import io.thirdparty.cache.PullLock;
import io.thirdparty.cache.ServiceCaches;
import io.thirdparty.cache.SharedCacheBackend;
import io.thirdparty.cache.ThirdPartyCacheManager;
import io.thirdparty.cache.redis.RedisAvailability;
import io.thirdparty.cache.redis.RedisCacheBackend;
import io.thirdparty.cache.redis.RedisCacheRefreshChannel;
import io.thirdparty.cache.redis.RedisInvalidations;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.config.ServiceConfigBinder;
import io.thirdparty.config.ThirdPartyProperties;
import io.thirdparty.pipeline.CallSpecResolver;
import io.thirdparty.provider.ServiceRegistry;

/**
 * Auto-configuration of the proxy cache: the cache stage of the {@code @ThirdPartyCall}
 * pipeline, the starter's own cache manager on the backend chosen by
 * {@code third-party.cache.backend} (Caffeine by default; Redis or two-level on the
 * application's {@link RedisConnectionFactory} when asked), refresh-ahead, scheduled
 * pulls and the {@code thirdparty.cache.requests} metric.
 * <p>
 * The cache manager is not a default candidate: it shows in {@code /actuator/caches} and
 * in cache metrics, but it is never injected by type, never chosen for the application's
 * {@code @Cacheable}, and does not make Boot's cache auto-configuration back off.
 */
@AutoConfiguration(after = { ThirdPartyAutoConfiguration.class, ThirdPartyRedisAutoConfiguration.class },
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnBean(ServiceRegistry.class)
@EnableConfigurationProperties(ThirdPartyProperties.class)
public class ThirdPartyCacheAutoConfiguration {

	/** Name of the starter's cache manager bean. */
	public static final String CACHE_MANAGER = "thirdPartyCacheManager";

	/** Name of the serializer of values in Redis. */
	public static final String REDIS_SERIALIZER = "thirdPartyCacheRedisSerializer";

	@Bean
	@ConditionalOnMissingBean
	CacheKeys thirdPartyCacheKeys(CallSpecResolver specs) {
		return new CacheKeys(specs);
	}

	@Bean
	@ConditionalOnMissingBean
	CacheRefresher thirdPartyCacheRefresher(ThirdPartyProperties properties,
			@Qualifier(ThirdPartyResilienceAutoConfiguration.TASK_DECORATOR) TaskDecorator taskDecorator) {
		return new CacheRefresher(Math.max(1, properties.getCache().getRefreshThreads()), taskDecorator);
	}

	@Bean(name = CACHE_MANAGER, defaultCandidate = false)
	@ConditionalOnMissingBean(name = CACHE_MANAGER)
	ThirdPartyCacheManager thirdPartyCacheManager(ServiceRegistry services, ThirdPartyProperties properties,
			ObjectProvider<SharedCacheBackend> shared, ObjectProvider<Clock> clock) {
		CacheBackend backend = properties.getCache().getBackend();
		Clock time = clock.getIfAvailable(Clock::systemUTC);
		EntryCacheFactory local = (service, settings) -> new CaffeineEntryCache(service, settings.getMaxEntries(),
				time);
		if (backend == CacheBackend.CAFFEINE) {
			return new ThirdPartyCacheManager(services, local);
		}
		SharedCacheBackend store = shared.getIfAvailable();
		if (store == null) {
			throw new InvalidThirdPartyConfigurationException(ThirdPartyProperties.PREFIX + ".cache.backend", backend,
					"the " + backend.name().toLowerCase().replace('_', '-')
							+ " cache needs Redis, and the application has no RedisConnectionFactory",
					"Add org.springframework.boot:spring-boot-starter-data-redis and point spring.data.redis.host/port "
							+ "(or spring.data.redis.url) at your Redis, or set third-party.cache.backend=caffeine.");
		}
		if (backend == CacheBackend.REDIS) {
			return new ThirdPartyCacheManager(services, store::shared);
		}
		return new ThirdPartyCacheManager(services,
				(service, settings) -> store.twoLevel(service, settings, local.create(service, settings)));
	}

	@Bean
	@ConditionalOnMissingBean
	ServiceCaches thirdPartyServiceCaches(@Qualifier(CACHE_MANAGER) ThirdPartyCacheManager cacheManager,
			ServiceRegistry services, CacheKeys keys) {
		return new ServiceCaches(cacheManager, services, keys);
	}

	@Bean
	@ConditionalOnMissingBean(CacheOperations.class)
	CacheVersionOperations thirdPartyCacheOperations(ServiceRegistry services, ServiceConfigBinder binder,
			ObjectProvider<CacheRefreshes> refreshes) {
		return new CacheVersionOperations(services, binder, refreshes.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	CacheRefreshes thirdPartyCacheRefreshes(ServiceCaches caches, CacheKeys keys,
			ObjectProvider<CacheRefreshChannel> channel) {
		return new CacheRefreshes(caches, keys, channel.getIfAvailable(() -> CacheRefreshChannel.LOCAL));
	}

	@Bean
	@ConditionalOnMissingBean
	CacheStage thirdPartyCacheStage(ServiceCaches caches, CacheKeys keys, ObjectProvider<CacheMetrics> metrics,
			CacheRefresher refresher, ThirdPartyProperties properties, ObjectProvider<SharedCacheBackend> shared,
			ObjectProvider<Clock> clock) {
		SharedCacheBackend store = (properties.getCache().getBackend() != CacheBackend.CAFFEINE)
				? shared.getIfAvailable() : null;
		return new CacheStage(caches, keys, metrics.getIfAvailable(() -> CacheMetrics.NONE), refresher,
				clock.getIfAvailable(Clock::systemUTC), (store != null) ? store.flightLease() : FlightLease.LOCAL);
	}

	@Bean
	@ConditionalOnMissingBean
	CachePullScheduler thirdPartyCachePullScheduler(ServiceRegistry services, ServiceCaches caches, CacheKeys keys,
			ThirdPartyProperties properties, ObjectProvider<SharedCacheBackend> shared,
			ObjectProvider<TaskScheduler> schedulers, Environment environment, ObjectProvider<Clock> clock) {
		SharedCacheBackend store = (properties.getCache().getBackend() != CacheBackend.CAFFEINE)
				? shared.getIfAvailable() : null;
		PullLock lock = (store != null) ? store.pullLock() : PullLock.LOCAL;
		return new CachePullScheduler(services, caches, lock, keys, schedulers, environment,
				clock.getIfAvailable(Clock::systemUTC));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class CacheMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CacheMetrics thirdPartyCacheMetrics(ObjectProvider<MeterRegistry> registries) {
			return new MicrometerCacheMetrics(registries);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RedisConnectionFactory.class, GenericJacksonJsonRedisSerializer.class, JsonMapper.class })
	@ConditionalOnBean(RedisConnectionFactory.class)
	@Conditional(SharedBackendCondition.class)
	static class RedisCacheConfiguration {

		/**
		 * Values as JSON with their class names, so another instance or a restarted one
		 * reads them back as they were. Any class is accepted: replace this bean to
		 * restrict them.
		 */
		@Bean(name = REDIS_SERIALIZER, defaultCandidate = false)
		@ConditionalOnMissingBean(name = REDIS_SERIALIZER)
		RedisSerializer<Object> thirdPartyCacheRedisSerializer() {
			return GenericJacksonJsonRedisSerializer.builder()
				.enableDefaultTyping(BasicPolymorphicTypeValidator.builder().allowIfBaseType(Object.class).build())
				.build();
		}

		@Bean
		@ConditionalOnMissingBean
		RedisInvalidations thirdPartyCacheInvalidations(RedisConnectionFactory connectionFactory,
				ThirdPartyProperties properties, RedisAvailability availability,
				@Qualifier(ThirdPartyResilienceAutoConfiguration.TASK_DECORATOR) TaskDecorator taskDecorator) {
			return new RedisInvalidations(connectionFactory,
					properties.getCache().getKeyPrefix() + "thirdparty:cache:invalidations",
					UUID.randomUUID().toString(), availability, taskDecorator);
		}

		@Bean
		@ConditionalOnMissingBean
		SharedCacheBackend thirdPartySharedCacheBackend(RedisConnectionFactory connectionFactory,
				@Qualifier(REDIS_SERIALIZER) RedisSerializer<Object> serializer, ThirdPartyProperties properties,
				RedisAvailability availability, RedisInvalidations invalidations, ObjectProvider<Clock> clock) {
			return new RedisCacheBackend(connectionFactory, serializer, properties.getCache(), availability,
					invalidations, UUID.randomUUID().toString(), clock.getIfAvailable(Clock::systemUTC));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RedisConnectionFactory.class, JsonMapper.class })
	@ConditionalOnBean({ RedisConnectionFactory.class, RedisAvailability.class })
	@ConditionalOnBooleanProperty(name = ThirdPartyProperties.PREFIX + ".cache.refresh-channel", matchIfMissing = true)
	static class RedisRefreshConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CacheRefreshChannel thirdPartyCacheRefreshChannel(RedisConnectionFactory connectionFactory,
				ThirdPartyProperties properties, RedisAvailability availability) {
			return new RedisCacheRefreshChannel(connectionFactory,
					properties.getCache().getKeyPrefix() + "thirdparty:cache:refresh", UUID.randomUUID().toString(),
					availability);
		}

	}

	/**
	 * Matches when {@code third-party.cache.backend} asks for Redis.
	 */
	static class SharedBackendCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			CacheBackend backend = Binder.get(context.getEnvironment())
				.bind(ThirdPartyProperties.PREFIX + ".cache.backend", CacheBackend.class)
				.orElse(CacheBackend.CAFFEINE);
			return (backend != CacheBackend.CAFFEINE)
					? ConditionOutcome.match("third-party.cache.backend is " + backend)
					: ConditionOutcome.noMatch("third-party.cache.backend is caffeine");
		}

	}

}
