package io.thirdparty.autoconfigure;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

import io.thirdparty.ThirdPartyCallback;
import io.thirdparty.cache.redis.RedisAvailability;
import io.thirdparty.callback.CallbackBodyFilter;
import io.thirdparty.callback.CallbackEndpoints;
import io.thirdparty.callback.CallbackInterceptor;
import io.thirdparty.callback.CallbackMetrics;
import io.thirdparty.callback.CallbackProperties;
import io.thirdparty.callback.CallbackProperties.NonceStoreType;
import io.thirdparty.callback.CallbackRateLimiters;
import io.thirdparty.callback.CallbackSettings;
import io.thirdparty.callback.CallbackSettingsRefresher;
import io.thirdparty.callback.CallbackVerifier;
import io.thirdparty.callback.LocalNonceStore;
import io.thirdparty.callback.MicrometerCallbackMetrics;
import io.thirdparty.callback.NonceStore;
import io.thirdparty.callback.RedisNonceStore;
import io.thirdparty.config.ThirdPartyProperties;
import io.thirdparty.callback.RequestOrigins;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.provider.ServiceRegistry;

/**
 * Auto-configuration of inbound callback verification for {@link ThirdPartyCallback}
 * handler methods in servlet applications: a filter that reads callback bodies up front,
 * a {@link HandlerInterceptor} that verifies them, the nonce store (Redis when the
 * application has a {@link RedisConnectionFactory}, else memory), the rate limiters and a
 * Micrometer counter when Micrometer is present. Settings under
 * {@code third-party.callbacks} are checked at startup, and again on each change Spring
 * Cloud reports, which is refused when they fail.
 */
@AutoConfiguration(after = { ThirdPartyAutoConfiguration.class, ThirdPartyRedisAutoConfiguration.class },
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ HandlerInterceptor.class, ThirdPartyCallback.class })
@ConditionalOnBean(ServiceRegistry.class)
@EnableConfigurationProperties(CallbackProperties.class)
public class ThirdPartyCallbackAutoConfiguration {

	/** Order of the callback interceptor among handler interceptors: first. */
	public static final int INTERCEPTOR_ORDER = Ordered.HIGHEST_PRECEDENCE;

	@Bean
	@ConditionalOnMissingBean
	CallbackEndpoints thirdPartyCallbackEndpoints(ObjectProvider<RequestMappingInfoHandlerMapping> mappings,
			Environment environment, ServiceRegistry services) {
		return new CallbackEndpoints(mappings, environment, services);
	}

	@Bean
	CallbackSettings thirdPartyCallbackSettings(Environment environment) {
		// bound and checked apart from the CallbackProperties bean, which a refresh
		// rebinds in place
		return new CallbackSettings(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	RequestOrigins thirdPartyCallbackRequestOrigins(CallbackSettings settings) {
		return new RequestOrigins(settings);
	}

	@Bean
	@ConditionalOnMissingBean
	CallbackRateLimiters thirdPartyCallbackRateLimiters(CallbackSettings settings) {
		return new CallbackRateLimiters(settings);
	}

	@Bean
	@ConditionalOnMissingBean
	CallbackVerifier thirdPartyCallbackVerifier(CallbackSettings settings, ServiceRegistry services,
			RequestOrigins origins, CallbackRateLimiters rateLimiters, NonceStore nonces, ObjectProvider<Clock> clock) {
		return new CallbackVerifier(settings, services, origins, rateLimiters, nonces,
				clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	CallbackInterceptor thirdPartyCallbackInterceptor(CallbackEndpoints endpoints, CallbackVerifier verifier,
			ObjectProvider<CallbackMetrics> metrics) {
		return new CallbackInterceptor(endpoints, verifier, metrics.getIfAvailable(() -> CallbackMetrics.NONE));
	}

	@Bean
	WebMvcConfigurer thirdPartyCallbackWebMvcConfigurer(CallbackInterceptor interceptor) {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(interceptor).order(INTERCEPTOR_ORDER);
			}

		};
	}

	@Bean
	@ConditionalOnMissingBean(name = "thirdPartyCallbackBodyFilter")
	FilterRegistrationBean<CallbackBodyFilter> thirdPartyCallbackBodyFilter(CallbackEndpoints endpoints,
			CallbackSettings settings) {
		FilterRegistrationBean<CallbackBodyFilter> registration = new FilterRegistrationBean<>(
				new CallbackBodyFilter(endpoints, settings));
		registration.setOrder(CallbackBodyFilter.ORDER);
		return registration;
	}

	@Bean
	@ConditionalOnMissingBean
	NonceStore thirdPartyCallbackNonceStore(CallbackSettings settings, ObjectProvider<RedisNonceStoreFactory> redis) {
		// where nonces are kept is decided once, at startup
		CallbackProperties properties = settings.current().properties();
		LocalNonceStore local = new LocalNonceStore(properties.getMaxLocalNonces());
		if (properties.getNonceStore() == NonceStoreType.LOCAL) {
			return local;
		}
		RedisNonceStoreFactory factory = redis.getIfAvailable();
		NonceStore shared = (factory != null) ? factory.create(properties, local) : null;
		if (shared != null) {
			return shared;
		}
		if (properties.getNonceStore() == NonceStoreType.REDIS) {
			throw new InvalidThirdPartyConfigurationException(CallbackProperties.PREFIX + ".nonce-store", "redis",
					"there is no RedisConnectionFactory to keep callback nonces in",
					"Add spring-boot-starter-data-redis and spring.data.redis.* settings, or set "
							+ CallbackProperties.PREFIX + ".nonce-store=auto or local.");
		}
		return local;
	}

	/**
	 * Makes the Redis nonce store when Spring Data Redis is present.
	 */
	@FunctionalInterface
	interface RedisNonceStoreFactory {

		/**
		 * Creates the store.
		 * @param properties the callback settings
		 * @param fallback the store to use while Redis does not answer
		 * @return the store, or {@code null} when the application has no Redis
		 */
		NonceStore create(CallbackProperties properties, NonceStore fallback);

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	static class RedisNonces {

		@Bean
		RedisNonceStoreFactory thirdPartyRedisNonceStoreFactory(ObjectProvider<RedisConnectionFactory> connections,
				ObjectProvider<RedisAvailability> availability, ObjectProvider<ThirdPartyProperties> thirdParty,
				ObjectProvider<Clock> clock) {
			return (properties, fallback) -> {
				RedisConnectionFactory connection = connections.getIfUnique();
				if (connection == null) {
					return null;
				}
				// the tracker shared with the cache (ThirdPartyRedisAutoConfiguration),
				// or one of its own
				RedisAvailability outages = availability
					.getIfUnique(() -> new RedisAvailability(clock.getIfAvailable(Clock::systemUTC),
							thirdParty.getObject().getCache().getRedis().getRetryInterval()));
				return new RedisNonceStore(connection, properties.getNonceKeyPrefix(), fallback, outages);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(EnvironmentChangeEvent.class)
	static class Refresh {

		@Bean
		@ConditionalOnMissingBean
		CallbackSettingsRefresher thirdPartyCallbackSettingsRefresher(CallbackSettings settings) {
			return new CallbackSettingsRefresher(settings);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class Metrics {

		@Bean
		@ConditionalOnMissingBean
		CallbackMetrics thirdPartyCallbackMetrics(ObjectProvider<MeterRegistry> registry) {
			return new MicrometerCallbackMetrics(registry);
		}

	}

}
