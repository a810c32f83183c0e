package io.thirdparty.observation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.thirdparty.test.CallbackApp.PayCallbacks;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PriceClient;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Grafana dashboard ({@code grafana/thirdparty-dashboard.json}) queries only metrics
 * the starter publishes: an application with the starter, a Prometheus registry, failing
 * and recovering vendors, a cached service served stale and a refused callback publishes
 * every name the dashboard's queries use.
 */
@SpringBootTest(classes = GrafanaDashboardTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=prometheus", "third-party.async.store=memory",
				"third-party.callbacks.nonce-store=local", "third-party.sms.retry.backoff=10ms",
				"third-party.sms.circuit-breaker.consecutive-failures=3", "third-party.price.cache.ttl=1s",
				"third-party.price.cache.stale-if-error=10m", "third-party.price.timeout=5s",
				"third-party.price.rate-limit.limit=1000", "third-party.price.bulkhead.max-concurrent=20" })
class GrafanaDashboardTests {

	private static final Path DASHBOARD = Path.of("..", "grafana", "thirdparty-dashboard.json");

	private static final Pattern METRIC = Pattern.compile("\\b((?:thirdparty|resilience4j)_[a-zA-Z0-9_]+)\\b");

	@RegisterExtension
	static final FakeVendors VENDORS = new FakeVendors();

	private static final FakeVendor a = VENDORS.start("provider_a");

	private static final FakeVendor b = VENDORS.start("provider_b");

	private static final FakeVendor prices = VENDORS.start("price_vendor");

	@LocalServerPort
	private int port;

	@Autowired
	private SmsClient sms;

	@Autowired
	private PriceClient price;

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void vendors(DynamicPropertyRegistry registry) {
		registry.add("third-party.sms.providers[0].name", a::name);
		registry.add("third-party.sms.providers[0].url", a::url);
		registry.add("third-party.sms.providers[1].name", b::name);
		registry.add("third-party.sms.providers[1].url", b::url);
		registry.add("third-party.price.providers[0].name", prices::name);
		registry.add("third-party.price.providers[0].url", prices::url);
		registry.add("third-party.pay.providers[0].name", () -> "alipay");
		registry.add("third-party.pay.providers[0].url", () -> "https://alipay.example");
		registry.add("third-party.pay.providers[0].callback.secret", () -> "grafana-test-secret");
	}

	@Test
	void everyMetricTheDashboardQueriesIsPublished() throws Exception {
		makeTraffic();
		Set<String> published = published();
		Set<String> queried = queried();
		assertThat(queried).as("metric names in the dashboard's queries").isNotEmpty();
		assertThat(published).as("names the starter publishes, as Prometheus scrapes them").containsAll(queried);
		assertThat(queried).as("the dashboard shows the starter's own metrics")
			.contains("thirdparty_calls_seconds_count", "thirdparty_attempt_seconds_count",
					"thirdparty_failovers_total", "thirdparty_provider_state", "thirdparty_cache_requests_total",
					"thirdparty_callbacks_total", "resilience4j_circuitbreaker_state");
	}

	private void makeTraffic() throws IOException, InterruptedException {
		for (int i = 0; i < 10; i++) {
			this.sms.send("hello");
		}
		a.status(500);
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			this.sms.sendOrQueue("hello");
			return this.meters.find("thirdparty.failovers").counter() != null
					&& this.meters.find("thirdparty.provider.state")
						.tag("state", "ejected")
						.gauges()
						.stream()
						.anyMatch((gauge) -> gauge.value() == 1);
		});
		a.ok();
		this.price.price("sku-1");
		this.price.price("sku-1");
		prices.status(500);
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			this.price.price("sku-1");
			return this.meters.find("thirdparty.cache.requests").tag("result", "stale").counter() != null;
		});
		prices.ok();
		HttpResponse<String> refused = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/callbacks/pay/alipay"))
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.header("Content-Type", "application/json")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(refused.statusCode()).as("an unsigned callback over plain http").isEqualTo(403);
	}

	private Set<String> published() {
		String scrape = ((PrometheusMeterRegistry) this.meters).scrape();
		Set<String> names = new TreeSet<>();
		scrape.lines().filter((line) -> !line.isBlank() && !line.startsWith("#")).forEach((line) -> {
			int end = line.indexOf('{');
			names.add(line.substring(0, (end >= 0) ? end : line.indexOf(' ')));
		});
		return names;
	}

	/**
	 * Names in every Prometheus query of the dashboard: panel targets and template
	 * variables.
	 */
	private static Set<String> queried() throws IOException {
		JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
		Set<String> names = new TreeSet<>();
		for (JsonNode expression : dashboard.findValues("expr")) {
			collect(expression.asString(), names);
		}
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			JsonNode query = variable.path("query");
			collect(query.isObject() ? query.path("query").asString() : query.asString(), names);
		}
		return names;
	}

	private static void collect(String query, Set<String> names) {
		Matcher matcher = METRIC.matcher(query);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ SmsClient.class, PriceClient.class, PayCallbacks.class })
	static class App {

	}

}
