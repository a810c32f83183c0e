package io.thirdparty.cache;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpoint;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CachesEndpointAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.thirdparty.ThirdPartyCall;
import io.thirdparty.autoconfigure.ThirdPartyCacheAutoConfiguration;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.test.CacheRunner;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PriceClient;
import io.thirdparty.test.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the cache auto-configuration lives beside the application's own caching.
 */
class CacheAutoConfigurationTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor vendor = this.vendors.start("prices");

	@Test
	void applicationsOwnCacheableKeepsBootsCacheManager() {
		CacheRunner.price(this.vendor)
			.withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class))
			.withUserConfiguration(UserCaching.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBeansOfType(CacheManager.class)).containsKeys("cacheManager",
						ThirdPartyCacheAutoConfiguration.CACHE_MANAGER);
				CacheManager applications = context.getBean(CacheManager.class);
				assertThat(applications).isNotInstanceOf(ThirdPartyCacheManager.class);
				Catalogue catalogue = context.getBean(Catalogue.class);
				catalogue.title("apple");
				catalogue.title("apple");
				assertThat(catalogue.loads()).isEqualTo(1);
				assertThat(applications.getCache("titles").get("apple")).isNotNull();
				assertThat(context.getBean(ThirdPartyCacheManager.class).getCacheNames()).containsExactly("price");
			});
	}

	@Test
	void applicationsPrimaryCacheManagerCannotTakeOverTheStarters() {
		CacheRunner.price(this.vendor).withUserConfiguration(PrimaryCacheManager.class).run((context) -> {
			PriceClient prices = context.getBean(PriceClient.class);
			prices.price("apple");
			prices.price("apple");
			assertThat(this.vendor.requests()).isEqualTo(1);
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
			assertThat(context.getBean(CacheManager.class).getCacheNames()).isEmpty();
			assertThat(context.getBean(ServiceCaches.class).cache("price").read("price:apple:v1")).isNotNull();
		});
	}

	@Test
	void servicesCachesShowInTheCachesEndpointAndCanBeClearedThere() {
		CacheRunner.price(this.vendor)
			.withConfiguration(AutoConfigurations.of(CachesEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=caches")
			.run((context) -> {
				PriceClient prices = context.getBean(PriceClient.class);
				prices.price("apple");
				CachesEndpoint endpoint = context.getBean(CachesEndpoint.class);
				assertThat(endpoint.caches().getCacheManagers())
					.containsKey(ThirdPartyCacheAutoConfiguration.CACHE_MANAGER);
				assertThat(endpoint.caches()
					.getCacheManagers()
					.get(ThirdPartyCacheAutoConfiguration.CACHE_MANAGER)
					.getCaches()).containsKey("price");
				assertThat(endpoint.clearCache("price", ThirdPartyCacheAutoConfiguration.CACHE_MANAGER)).isTrue();
				prices.price("apple");
				assertThat(this.vendor.requests()).isEqualTo(2);
			});
	}

	@Test
	void withoutSpringDataRedisTheCaffeineCacheWorks() {
		CacheRunner.price(this.vendor)
			.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(SharedCacheBackend.class);
				PriceClient prices = context.getBean(PriceClient.class);
				prices.price("apple");
				prices.price("apple");
				assertThat(this.vendor.requests()).isEqualTo(1);
			});
	}

	@Test
	void caffeineBackendMakesNoRedisBeansEvenWithRedisConfigured() {
		CacheRunner.price(this.vendor)
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues(RedisServers.find().springProperties())
			.run((context) -> {
				assertThat(context).doesNotHaveBean(SharedCacheBackend.class);
				assertThat(context.getBean(ServiceCaches.class).cache("price")).isInstanceOf(CaffeineEntryCache.class);
			});
	}

	@Test
	void redisBackendWithoutRedisFailsStartupSayingWhatToAdd() {
		CacheRunner.price(this.vendor).withPropertyValues("third-party.cache.backend=redis").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidThirdPartyConfigurationException.class)
				.hasMessageContaining("third-party.cache.backend");
			InvalidThirdPartyConfigurationException failure = (InvalidThirdPartyConfigurationException) rootCause(
					context.getStartupFailure());
			assertThat(failure.getAction()).contains("spring-boot-starter-data-redis");
		});
	}

	@Test
	void refreshAheadAsLongAsTheTtlFailsStartup() {
		CacheRunner.price(this.vendor).withPropertyValues("third-party.price.cache.refresh-ahead=1m").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidThirdPartyConfigurationException.class)
				.hasMessageContaining("third-party.price.cache.refresh-ahead");
		});
	}

	@Test
	void singleFlightLeaseOfZeroOrNegativeWaitFailsStartupNamingTheProperty() {
		CacheRunner.price(this.vendor)
			.withPropertyValues("third-party.price.cache.single-flight.lease=0s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidThirdPartyConfigurationException.class)
				.hasMessageContaining("third-party.price.cache.single-flight.lease"));
		CacheRunner.price(this.vendor)
			.withPropertyValues("third-party.price.cache.single-flight.wait=-1s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidThirdPartyConfigurationException.class)
				.hasMessageContaining("third-party.price.cache.single-flight.wait"));
	}

	@Test
	void malformedKeyExpressionFailsStartupNamingTheMethod() {
		CacheRunner.price(this.vendor).withBean(BadKey.class).run((context) -> {
			assertThat(context).getFailure()
				.isInstanceOf(InvalidThirdPartyConfigurationException.class)
				.hasMessageContaining("BadKey.price");
		});
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class UserCaching {

		@Bean
		Catalogue catalogue() {
			return new Catalogue();
		}

	}

	static class Catalogue {

		private final AtomicInteger loads = new AtomicInteger();

		@Cacheable("titles")
		public String title(String sku) {
			this.loads.incrementAndGet();
			return "Title of " + sku;
		}

		int loads() {
			return this.loads.get();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrimaryCacheManager {

		@Bean
		@Primary
		CacheManager applicationCacheManager() {
			return new ConcurrentMapCacheManager();
		}

	}

	static class BadKey {

		@ThirdPartyCall(service = "price", key = "#sku +")
		public String price(String sku) {
			return sku;
		}

	}

}
