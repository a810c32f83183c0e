package io.thirdparty.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.thirdparty.actuate.CacheOperations;
import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.test.CacheRunner;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PriceClient;

import static org.assertj.core.api.Assertions.assertThat;

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

}
