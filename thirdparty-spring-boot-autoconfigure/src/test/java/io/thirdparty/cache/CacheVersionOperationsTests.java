package io.thirdparty.cache;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.core.env.MapPropertySource;

import io.thirdparty.actuate.CacheOperations;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.test.CacheRunner;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PriceClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Setting a service's cache version at run time, as the {@code thirdparty} endpoint does.
 */
class CacheVersionOperationsTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor vendor = this.vendors.start("prices");

	@Test
	void newVersionMakesOldEntriesUnreachableOnTheNextCall() {
		CacheRunner.price(this.vendor).run((context) -> {
			PriceClient prices = context.getBean(PriceClient.class);
			prices.price("apple");
			prices.price("apple");
			assertThat(this.vendor.requests()).isEqualTo(1);
			assertThat(context.getBean(CacheOperations.class).setVersion("price", "v9")).isTrue();
			assertThat(context.getBean(ServiceRegistry.class).get("price").settings().getCache().getVersion())
				.isEqualTo("v9");
			prices.price("apple");
			assertThat(this.vendor.requests()).isEqualTo(2);
			prices.price("apple");
			assertThat(this.vendor.requests()).isEqualTo(2);
		});
	}

	@Test
	void describesTheCacheAndRefusesAServiceWithout() {
		CacheRunner.price(this.vendor).run((context) -> {
			CacheOperations operations = context.getBean(CacheOperations.class);
			assertThat(operations.describe("price")).isInstanceOf(CacheVersionOperations.CacheDescriptor.class);
			assertThat(operations.describe("nothing")).isNull();
			assertThat(operations.setVersion("nothing", "v2")).isFalse();
		});
	}

	@Test
	void versionIsTakenLiterallyAndNeverResolvedAsAPlaceholder() {
		CacheRunner.price(this.vendor)
			.withPropertyValues("third-party.price.providers[0].auth.type=api-key",
					"third-party.price.providers[0].auth.key=sk-live-4242")
			.run((context) -> {
				String placeholder = "${third-party.price.providers[0].auth.key}";
				assertThat(context.getBean(CacheOperations.class).setVersion("price", placeholder)).isTrue();
				assertThat(context.getBean(ServiceRegistry.class).get("price").settings().getCache().getVersion())
					.isEqualTo(placeholder);
				assertThat(context.getBean(CacheOperations.class).describe("price")).asString()
					.doesNotContain("sk-live-4242");
			});
	}

	@Test
	void versionRefusedWithTheConfigurationLeavesNothingBehindForLaterReloads() {
		CacheRunner.price(this.vendor).run((context) -> {
			ServiceRegistry registry = context.getBean(ServiceRegistry.class);
			TestPropertyValues.of("third-party.price.providers[0].weight=-5").applyTo(context);
			assertThatExceptionOfType(InvalidThirdPartyConfigurationException.class)
				.isThrownBy(() -> context.getBean(CacheOperations.class).setVersion("price", "v9"))
				.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("third-party.price.providers[0].weight"));
			assertThat(registry.get("price").settings().getCache().getVersion()).isEqualTo("v1");
			TestPropertyValues.of("third-party.price.providers[0].weight=3").applyTo(context);
			registry.reload();
			assertThat(registry.get("price").provider(0).weight()).isEqualTo(3);
			assertThat(registry.get("price").settings().getCache().getVersion()).as("the refused version")
				.isEqualTo("v1");
		});
	}

	@Test
	void versionOfAServiceRemovedLaterDoesNotKeepItConfigured() {
		Map<String, Object> live = new HashMap<>(Map.of("third-party.stock.providers[0].name", "stock_a",
				"third-party.stock.providers[0].url", this.vendor.url(), "third-party.stock.cache.ttl", "1m"));
		CacheRunner.price(this.vendor)
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("live", live)))
			.run((context) -> {
				ServiceRegistry registry = context.getBean(ServiceRegistry.class);
				assertThat(context.getBean(CacheOperations.class).setVersion("stock", "v2")).isTrue();
				live.clear();
				registry.reload();
				assertThat(registry.get("stock")).isNull();
				assertThat(registry.get("price")).isNotNull();
			});
	}

}
