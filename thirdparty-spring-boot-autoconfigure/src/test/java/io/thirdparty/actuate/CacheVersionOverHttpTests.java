package io.thirdparty.actuate;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.RedisKeys;
import io.thirdparty.test.PriceClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code cache-version} action of the {@code thirdparty} endpoint over HTTP: a
 * literal version, checked, that never reveals a setting and never stops later reloads.
 */
@SpringBootTest(classes = CacheVersionOverHttpTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=thirdparty",
				"management.endpoint.thirdparty.access=unrestricted", "third-party.price.cache.ttl=1m",
				"third-party.price.providers[0].auth.type=api-key",
				"third-party.price.providers[0].auth.key=sk-live-4242" })
class CacheVersionOverHttpTests {

	private static final String LIVE = "test-live-changes";

	@RegisterExtension
	static final FakeVendors VENDORS = new FakeVendors();

	/**
	 * Operator state (the cache version is one) is kept in the test Redis: under keys of
	 * its own.
	 */
	@RegisterExtension
	static final RedisKeys KEYS = RedisKeys.under("cache-version-http");

	private static final FakeVendor vendor = VENDORS.start("price_a");

	@LocalServerPort
	private int port;

	@Autowired
	private ServiceRegistry services;

	@Autowired
	private ConfigurableEnvironment environment;

	@Autowired
	private ApplicationContext context;

	private Http http;

	@DynamicPropertySource
	static void vendors(DynamicPropertyRegistry registry) {
		registry.add("third-party.operator.key-prefix", () -> KEYS.prefix() + "operator:");
		registry.add("third-party.price.providers[0].name", vendor::name);
		registry.add("third-party.price.providers[0].url", vendor::url);
	}

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@AfterEach
	void restore() {
		this.environment.getPropertySources().remove(LIVE);
		this.http.post("/actuator/thirdparty/price", "{\"action\":\"cache-version\",\"version\":\"v1\"}");
		this.context.publishEvent(new EnvironmentChangeEvent(this.context, Set.of("third-party.price.retry")));
	}

	@Test
	void literalVersionIsSetAndShown() {
		Http.Response changed = this.http.post("/actuator/thirdparty/price",
				"{\"action\":\"cache-version\",\"version\":\"release-2.4_b\"}");
		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.<String>json("$.cache.version")).isEqualTo("release-2.4_b");
		String longest = "v".repeat(64);
		assertThat(this.http
			.post("/actuator/thirdparty/price", "{\"action\":\"cache-version\",\"version\":\"" + longest + "\"}")
			.<String>json("$.cache.version")).isEqualTo(longest);
	}

	@Test
	void placeholderIsRefusedWith400AndAJsonReasonAndShowsNoSetting() {
		Http.Response refused = this.http.post("/actuator/thirdparty/price",
				"{\"action\":\"cache-version\",\"version\":\"${third-party.price.providers[0].auth.key}\"}");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.<String>json("$.detail")).contains("letters, digits");
		assertThat(refused.body()).doesNotContain("sk-live-4242");
		String read = this.http.get("/actuator/thirdparty").body();
		assertThat(read).doesNotContain("sk-live-4242");
		assertThat(this.services.get("price").settings().getCache().getVersion()).isEqualTo("v1");
	}

	@Test
	void versionOfOtherCharactersOrTooLongOrMissingIsRefusedWith400AndAJsonReason() {
		for (String body : new String[] { "{\"action\":\"cache-version\",\"version\":\"v 2\"}",
				"{\"action\":\"cache-version\",\"version\":\"v2:old\"}",
				"{\"action\":\"cache-version\",\"version\":\"" + "v".repeat(65) + "\"}",
				"{\"action\":\"cache-version\"}" }) {
			Http.Response refused = this.http.post("/actuator/thirdparty/price", body);
			assertThat(refused.status()).as(body).isEqualTo(400);
			assertThat(refused.<String>json("$.detail")).as(body).isNotBlank();
		}
		assertThat(this.services.get("price").settings().getCache().getVersion()).isEqualTo("v1");
	}

	@Test
	void refusedVersionNeverStopsLaterChanges() {
		assertThat(this.http
			.post("/actuator/thirdparty/price", "{\"action\":\"cache-version\",\"version\":\"${missing:}\"}")
			.status()).isEqualTo(400);
		Http.Response changed = this.http.post("/actuator/thirdparty/price",
				"{\"action\":\"cache-version\",\"version\":\"v3\"}");
		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.<String>json("$.cache.version")).isEqualTo("v3");
		live(Map.of("third-party.price.cache.max-entries", "500"));
		assertThat(this.services.get("price").settings().getCache().getMaxEntries()).isEqualTo(500);
		assertThat(this.services.get("price").settings().getCache().getVersion()).isEqualTo("v3");
	}

	@Test
	void versionThatCannotBeAppliedBecauseTheConfigurationIsRefusedAnswers409AndChangesNothing() {
		live(Map.of("third-party.price.retry.max-attempts", "0"));
		Http.Response refused = this.http.post("/actuator/thirdparty/price",
				"{\"action\":\"cache-version\",\"version\":\"v4\"}");
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.<String>json("$.detail")).contains("third-party.price.retry.max-attempts");
		assertThat(this.services.get("price").settings().getCache().getVersion()).isEqualTo("v1");
		live(Map.of("third-party.price.retry.max-attempts", "2"));
		assertThat(this.services.get("price").settings().getRetry().getMaxAttempts()).isEqualTo(2);
		assertThat(this.services.get("price").settings().getCache().getVersion()).isEqualTo("v1");
	}

	private void live(Map<String, Object> properties) {
		this.environment.getPropertySources().remove(LIVE);
		this.environment.getPropertySources().addFirst(new MapPropertySource(LIVE, properties));
		this.context.publishEvent(new EnvironmentChangeEvent(this.context, properties.keySet()));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(PriceClient.class)
	static class App {

	}

}
