package io.thirdparty.sample.price;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's price walk-through over real HTTP: slow first lookup, cached second, stale
 * while the vendor is down, fresh after a version bump.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "third_party.price.cache.ttl=1s", "sample.vendors.price_vendor.delay=50ms" })
class PriceLookupTests {

	@LocalServerPort
	private int port;

	@Autowired
	private FakePriceVendor vendor;

	@AfterEach
	void vendorUp() {
		this.vendor.up();
	}

	@Test
	void secondLookupIsCachedStaleWhileTheVendorIsDownFreshAfterAVersionBump() {
		RestTestClient client = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		Price first = price(client, "tea-42");
		assertThat(price(client, "tea-42")).isEqualTo(first);
		long quotes = this.vendor.quotes();

		client.post().uri("/prices/vendor/down").exchange().expectStatus().isOk();
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> price(client, "tea-42").equals(first) && this.vendor.quotes() == quotes && expired(first));
		assertThat(price(client, "tea-42")).isEqualTo(first);

		client.post().uri("/prices/vendor/up").exchange().expectStatus().isOk();
		client.post().uri("/prices/cache/version?value=v2").exchange().expectStatus().isOk();
		Price fresh = price(client, "tea-42");
		assertThat(fresh.quote()).isGreaterThan(first.quote());
		assertThat(fresh.amount()).isEqualTo(first.amount());
	}

	private static boolean expired(Price price) {
		return price.quotedAt().plusSeconds(1).isBefore(Instant.now());
	}

	private static Price price(RestTestClient client, String sku) {
		return client.get()
			.uri("/prices/" + sku)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Price.class)
			.returnResult()
			.getResponseBody();
	}

}
