package io.thirdparty.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
import io.thirdparty.callback.AddressBlock;
import io.thirdparty.callback.CallbackBodyFilter;
import io.thirdparty.callback.CallbackEndpoints;
import io.thirdparty.callback.CallbackInterceptor;
import io.thirdparty.callback.CallbackMetrics;
import io.thirdparty.callback.CallbackProperties;
import io.thirdparty.callback.CallbackProperties.Limit;
import io.thirdparty.callback.CallbackProperties.NonceStoreType;
import io.thirdparty.callback.CallbackRateLimiters;
import io.thirdparty.callback.CallbackVerifier;
import io.thirdparty.callback.LocalNonceStore;
import io.thirdparty.callback.MicrometerCallbackMetrics;
import io.thirdparty.callback.NonceStore;
import io.thirdparty.callback.RedisNonceStore;
import io.thirdparty.callback.RequestOrigins;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.signing.Hmac;

/**
 * Auto-configuration of inbound callback verification for {@link ThirdPartyCallback} handler
 * methods in servlet applications: a filter that reads callback bodies up front, a
 * {@link HandlerInterceptor} that verifies them, the nonce store (Redis when the application
 * has a {@link RedisConnectionFactory}, else memory), the rate limiters and a Micrometer
 * counter when Micrometer is present. Settings under {@code third-party.callbacks} are checked
 * at startup.
 */
@AutoConfiguration(after = ThirdPartyAutoConfiguration.class,
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
	@ConditionalOnMissingBean
	RequestOrigins thirdPartyCallbackRequestOrigins(CallbackProperties properties) {
		// the trusted proxies are parsed here: check every setting first, naming the bad key
		validate(properties);
		List<AddressBlock> trusted = new ArrayList<>();
		for (String proxy : properties.getTrustedProxies()) {
			trusted.add(AddressBlock.parse(proxy));
		}
		return new RequestOrigins(trusted);
	}

	@Bean
	@ConditionalOnMissingBean
	CallbackRateLimiters thirdPartyCallbackRateLimiters(CallbackProperties properties) {
		return new CallbackRateLimiters(properties.getRateLimit().getPerProvider(),
				properties.getRateLimit().getPerSource());
	}

	@Bean
	@ConditionalOnMissingBean
	CallbackVerifier thirdPartyCallbackVerifier(CallbackProperties properties, ServiceRegistry services,
			RequestOrigins origins, CallbackRateLimiters rateLimiters, NonceStore nonces, ObjectProvider<Clock> clock) {
		validate(properties);
		return new CallbackVerifier(properties, services, origins, rateLimiters, nonces,
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
			CallbackProperties properties) {
		FilterRegistrationBean<CallbackBodyFilter> registration = new FilterRegistrationBean<>(
				new CallbackBodyFilter(endpoints, properties));
		registration.setOrder(CallbackBodyFilter.ORDER);
		return registration;
	}

	@Bean
	@ConditionalOnMissingBean
	NonceStore thirdPartyCallbackNonceStore(CallbackProperties properties,
			ObjectProvider<RedisNonceStoreFactory> redis) {
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

	private static void validate(CallbackProperties properties) {
		String prefix = CallbackProperties.PREFIX + ".";
		List<String> proxies = properties.getTrustedProxies();
		for (int i = 0; i < proxies.size(); i++) {
			try {
				AddressBlock.parse(proxies.get(i));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidThirdPartyConfigurationException(prefix + "trusted-proxies[" + i + "]", proxies.get(i),
						ex.getMessage(), "Use an IP address such as 10.0.0.5 or a CIDR block such as 10.0.0.0/8.");
			}
		}
		if (!Hmac.isAvailable(properties.getAlgorithm())) {
			throw new InvalidThirdPartyConfigurationException(prefix + "algorithm", properties.getAlgorithm(),
					"this JVM has no such HMAC algorithm", "Use a JCA name such as HmacSHA256 or HmacSHA512.");
		}
		positive(prefix + "tolerance", properties.getTolerance());
		if (properties.getMaxBodySize() == null || properties.getMaxBodySize().toBytes() <= 0) {
			throw new InvalidThirdPartyConfigurationException(prefix + "max-body-size", properties.getMaxBodySize(),
					"must be a positive size", "Set it to a size such as 256KB.");
		}
		if (properties.getMaxLocalNonces() < 1) {
			throw new InvalidThirdPartyConfigurationException(prefix + "max-local-nonces",
					properties.getMaxLocalNonces(), "must be 1 or more", "Set it to e.g. 100000.");
		}
		limit(prefix + "rate-limit.per-provider", properties.getRateLimit().getPerProvider());
		limit(prefix + "rate-limit.per-source", properties.getRateLimit().getPerSource());
	}

	private static void limit(String key, Limit limit) {
		if (limit.getLimit() < 0) {
			throw new InvalidThirdPartyConfigurationException(key + ".limit", limit.getLimit(), "cannot be negative",
					"Set it to 0 for no limit, or to the requests allowed per period.");
		}
		positive(key + ".period", limit.getPeriod());
	}

	private static void positive(String key, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidThirdPartyConfigurationException(key, value, "must be a positive duration",
					"Set it to a positive duration such as 5m.");
		}
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
		RedisNonceStoreFactory thirdPartyRedisNonceStoreFactory(ObjectProvider<RedisConnectionFactory> connections) {
			return (properties, fallback) -> {
				RedisConnectionFactory connection = connections.getIfUnique();
				return (connection != null)
						? new RedisNonceStore(connection, properties.getNonceKeyPrefix(), fallback) : null;
			};
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
