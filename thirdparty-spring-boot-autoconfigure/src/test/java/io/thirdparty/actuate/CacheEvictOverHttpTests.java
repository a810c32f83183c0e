package io.thirdparty.actuate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.thirdparty.cache.ServiceCaches;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PriceClient;
import io.thirdparty.test.RedisKeys;
import io.thirdparty.test.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code thirdparty} endpoint's cache eviction over HTTP,
 * {@code POST /actuator/thirdparty/<service>/cache/evict}, with Redis to reach the other
 * instances.
 */
@SpringBootTest(classes = CacheEvictOverHttpTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=thirdparty",
				"management.endpoint.thirdparty.access=unrestricted", "third-party.price.cache.ttl=1m" })
class CacheEvictOverHttpTests {

	@RegisterExtension
	static final FakeVendors VENDORS = new FakeVendors();

	private static final FakeVendor vendor = VENDORS.start("price_a");

	@RegisterExtension
	static final RedisKeys KEYS = RedisKeys.under("evict-http");

	@LocalServerPort
	private int port;

	@Autowired
	private PriceClient client;

	@Autowired
	private ServiceCaches caches;

	private Http http;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("third-party.price.providers[0].name", vendor::name);
		registry.add("third-party.price.providers[0].url", vendor::url);
		registry.add("third-party.cache.key-prefix", KEYS::prefix);
		registry.add("third-party.operator.key-prefix", () -> KEYS.prefix() + "operator:");
		RedisServers.Address redis = RedisServers.find();
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
	}

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
		this.caches.clear("price");
		vendor.resetCount();
	}

	@Test
	void evictsTheKeysOnEveryInstance() {
		this.client.price("apple");
		this.client.price("pear");
		this.client.price("plum");
		Http.Response evicted = this.http.post("/actuator/thirdparty/price/cache/evict", "{\"keys\":\"apple,plum\"}");
		assertThat(evicted.status()).isEqualTo(200);
		assertThat(evicted.<String>json("$.service")).isEqualTo("price");
		assertThat(evicted.<String>json("$.keys[0]")).isEqualTo("apple");
		assertThat(evicted.<String>json("$.keys[1]")).isEqualTo("plum");
		assertThat(evicted.<String>json("$.instances")).isEqualTo("every-instance");
		this.client.price("apple");
		this.client.price("pear");
		this.client.price("plum");
		assertThat(vendor.requests()).isEqualTo(5);
	}

	@Test
	void missingKeysAre400WithAJsonReason() {
		for (String body : new String[] { "{}", "{\"keys\":\"\"}" }) {
			Http.Response refused = this.http.post("/actuator/thirdparty/price/cache/evict", body);
			assertThat(refused.status()).as(body).isEqualTo(400);
			assertThat(refused.<String>json("$.detail")).as(body).contains("keys");
		}
	}

	@Test
	void unknownServiceOrActionIs404() {
		assertThat(this.http.post("/actuator/thirdparty/nothing/cache/evict", "{\"keys\":\"apple\"}").status())
			.isEqualTo(404);
		assertThat(this.http.post("/actuator/thirdparty/price/cache/drop", "{\"keys\":\"apple\"}").status())
			.isEqualTo(404);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(PriceClient.class)
	static class App {

	}

}
