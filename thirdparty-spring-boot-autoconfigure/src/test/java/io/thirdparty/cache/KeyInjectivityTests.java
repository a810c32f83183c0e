package io.thirdparty.cache;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyPull;
import io.thirdparty.autoconfigure.ThirdPartyCacheAutoConfiguration;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.test.PipelineRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cached answer belongs to exactly one call: through the whole pipeline, calls that
 * differ get their own entries, and arguments that cannot be keyed are refused at
 * startup.
 */
class KeyInjectivityTests {

	// the methods below never reach a vendor, so the provider's address is never dialled
	private final ApplicationContextRunner runner = PipelineRunner.create()
		.withConfiguration(AutoConfigurations.of(ThirdPartyCacheAutoConfiguration.class))
		.withPropertyValues("third-party.shop.providers[0].name=a",
				"third-party.shop.providers[0].url=http://127.0.0.1:9", "third-party.shop.cache.ttl=1m");

	@Test
	void argumentsThatContainTheSeparatorGetTheirOwnEntries() {
		this.runner.withBean(Shop.class).run((context) -> {
			Shop shop = context.getBean(Shop.class);
			assertThat(shop.search("shoes,red", "size 42")).isEqualTo("shoes,red|size 42");
			assertThat(shop.search("shoes", "red,size 42")).isEqualTo("shoes|red,size 42");
		});
	}

	@Test
	void collectionsAreKeyedByTheirElements() {
		this.runner.withBean(Shop.class).run((context) -> {
			Shop shop = context.getBean(Shop.class);
			assertThat(shop.tagged(List.of("sale, new"))).isEqualTo("1:[sale, new]");
			assertThat(shop.tagged(List.of("sale", "new"))).isEqualTo("2:[sale, new]");
		});
	}

	@Test
	void twoMethodsOfOneServiceDoNotShareEntries() {
		this.runner.withBean(Shop.class).run((context) -> {
			Shop shop = context.getBean(Shop.class);
			assertThat(shop.price("SKU-7")).isEqualTo("price of SKU-7");
			assertThat(shop.stock("SKU-7")).isEqualTo("stock of SKU-7");
			assertThat(shop.price("SKU-7")).isEqualTo("price of SKU-7");
			assertThat(shop.calls()).isEqualTo(2);
		});
	}

	@Test
	void methodsWithTheSameKeyspaceShareEntries() {
		this.runner.withBean(SharedShop.class).run((context) -> {
			SharedShop shop = context.getBean(SharedShop.class);
			assertThat(shop.price("SKU-7")).isEqualTo("price of SKU-7");
			assertThat(shop.priceAgain("SKU-7")).isEqualTo("price of SKU-7");
			assertThat(shop.calls()).isEqualTo(1);
		});
	}

	@Test
	void argumentWithoutStableTextIsRefusedAtStartup() {
		this.runner.withBean(OpaqueShop.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).isInstanceOf(InvalidThirdPartyConfigurationException.class)
				.hasMessageContaining("OpaqueShop.lookup")
				.hasMessageContaining("'query'")
				.satisfies((failure) -> assertThat(((InvalidThirdPartyConfigurationException) failure).getAction())
					.contains("key = \"#query.id\""));
		});
	}

	@Test
	void pullOfAServiceWithSeveralKeyspacesMustNameOne() {
		this.runner.withBean(Shop.class)
			.withBean(AmbiguousPuller.class)
			.withPropertyValues("third-party.shop.cache.pull.interval=1h")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).isInstanceOf(InvalidThirdPartyConfigurationException.class)
					.hasMessageContaining("AmbiguousPuller.all")
					.hasMessageContaining("keyspace");
			});
	}

	static class Shop {

		private final AtomicInteger calls = new AtomicInteger();

		@ThirdPartyCall(service = "shop")
		public String search(String query, String filter) {
			return query + "|" + filter;
		}

		@ThirdPartyCall(service = "shop")
		public String tagged(List<String> tags) {
			return this.calls.incrementAndGet() + ":" + tags;
		}

		@ThirdPartyCall(service = "shop", key = "#sku")
		public String price(String sku) {
			this.calls.incrementAndGet();
			return "price of " + sku;
		}

		@ThirdPartyCall(service = "shop", key = "#sku")
		public String stock(String sku) {
			this.calls.incrementAndGet();
			return "stock of " + sku;
		}

		int calls() {
			return this.calls.get();
		}

	}

	static class SharedShop {

		private final AtomicInteger calls = new AtomicInteger();

		@ThirdPartyCall(service = "shop", key = "#sku", keyspace = "prices")
		public String price(String sku) {
			this.calls.incrementAndGet();
			return "price of " + sku;
		}

		@ThirdPartyCall(service = "shop", key = "#sku", keyspace = "prices")
		public String priceAgain(String sku) {
			this.calls.incrementAndGet();
			return "price again of " + sku;
		}

		int calls() {
			return this.calls.get();
		}

	}

	static class OpaqueShop {

		@ThirdPartyCall(service = "shop")
		public String lookup(Query query) {
			return "found";
		}

	}

	/** A class with the identity {@code toString} of {@code Object}. */
	static class Query {

	}

	static class AmbiguousPuller {

		@ThirdPartyPull(service = "shop")
		public java.util.Map<String, String> all() {
			return java.util.Map.of();
		}

	}

}
