package io.thirdparty.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.ProviderEvents;
import io.thirdparty.test.RedisKeys;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What {@code /actuator/health} and {@code /actuator/thirdparty} say about providers that
 * fail their health checks or whose breaker opened, in a running application whose
 * vendors are real HTTP servers, and the endpoint's default access.
 */
class ProviderHealthReportTests {

	private static final String SMS = "$.components.thirdParty.components.sms";

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("provider_a");

	private final FakeVendor b = this.vendors.start("provider_b");

	/** Operator state of each test's application, kept apart in the shared test Redis. */
	@RegisterExtension
	final RedisKeys keys = RedisKeys.under("health-report");

	private ConfigurableApplicationContext application;

	private Http http;

	@AfterEach
	void stop() {
		if (this.application != null) {
			this.application.close();
		}
	}

	@Test
	void providerKeptInSelectionAsLastResortIsReportedFailingWithItsReason() {
		start(List.of(this.a), checks());
		this.a.status(500);
		Http.Response health = awaitHealth(
				(response) -> "FAILING".equals(response.json(SMS + ".details.providers.provider_a.state")));
		assertThat(health.status()).isEqualTo(503);
		assertThat(health.<String>json(SMS + ".status")).isEqualTo("DOWN");
		assertThat(health.<String>json(SMS + ".details.providers.provider_a.reason"))
			.startsWith("kept in selection as the last usable provider although its health check failed")
			.endsWith("HTTP 500");
		assertThat(health.<String>json(SMS + ".details.providers.provider_a.healthCheck")).isEqualTo("FAILING");
		Http.Response endpoint = this.http.get("/actuator/thirdparty/sms");
		assertThat(endpoint.<String>json("$.status")).isEqualTo("DOWN");
		assertThat(endpoint.<String>json("$.providers[0].state")).isEqualTo("FAILING");
		assertThat(endpoint.<String>json("$.providers[0].reason"))
			.startsWith("kept in selection as the last usable provider")
			.endsWith("HTTP 500");
		assertThat(endpoint.<Integer>json("$.providers[0].effectiveWeight")).as("still in selection").isEqualTo(100);
		assertThat(endpoint.<String>json("$.providers[0].healthCheck.state")).isEqualTo("FAILING");
		assertThat(endpoint.<String>json("$.providers[0].healthCheck.detail")).isEqualTo("HTTP 500");
		assertThat(this.application.getBean(ProviderEvents.class).changes()).containsExactly("provider_a FAILING");
		this.a.ok();
		health = awaitHealth((response) -> "UP".equals(response.json(SMS + ".status")));
		assertThat(health.<String>json(SMS + ".details.providers.provider_a.state")).isEqualTo("UP");
		assertThat(health.<String>json(SMS + ".details.providers.provider_a.healthCheck")).isEqualTo("PASSING");
		assertThat(this.application.getBean(ProviderEvents.class).changes()).containsExactly("provider_a FAILING",
				"provider_a RESTORED");
	}

	@Test
	void serviceWhoseEveryProviderFailsItsChecksIsDown() {
		start(List.of(this.a, this.b), checks());
		this.a.status(500);
		this.b.status(503);
		Http.Response health = awaitHealth((response) -> "DOWN".equals(response.json(SMS + ".status")));
		assertThat(health.status()).isEqualTo(503);
		List<String> states = List.of(health.json(SMS + ".details.providers.provider_a.state"),
				health.json(SMS + ".details.providers.provider_b.state"));
		assertThat(states).as("one ejected, the other kept as the last resort")
			.containsExactlyInAnyOrder("EJECTED", "FAILING");
		assertThat(this.http.get("/actuator/thirdparty/sms").<String>json("$.status")).isEqualTo("DOWN");
	}

	@Test
	void serviceWhoseEveryBreakerIsOpenIsDownAndStaysDownWhileTheBreakersProbe() {
		start(List.of(this.a, this.b), "third-party.sms.circuit-breaker.consecutive-failures=1",
				"third-party.sms.circuit-breaker.wait-in-open=1s", "third-party.sms.circuit-breaker.half-open-calls=1");
		this.a.status(500);
		this.b.status(500);
		SmsClient sms = this.application.getBean(SmsClient.class);
		Http.Response down = awaitHealth((response) -> {
			sms.sendOrQueue("hello");
			return "DOWN".equals(response.json(SMS + ".status"));
		});
		assertThat(down.status()).isEqualTo(503);
		assertThat(down.<String>json(SMS + ".details.providers.provider_a.reason")).startsWith("circuit breaker");
		assertThat(down.<String>json(SMS + ".details.providers.provider_b.reason")).startsWith("circuit breaker");
		Http.Response probing = awaitHealth(
				(response) -> "HALF_OPEN".equals(response.json(SMS + ".details.providers.provider_a.circuitBreaker"))
						&& "HALF_OPEN".equals(response.json(SMS + ".details.providers.provider_b.circuitBreaker")));
		assertThat(probing.<String>json(SMS + ".status")).as("no probe has passed yet").isEqualTo("DOWN");
		assertThat(probing.<String>json(SMS + ".details.providers.provider_a.state")).isEqualTo("FAILING");
		assertThat(probing.<String>json(SMS + ".details.providers.provider_a.reason"))
			.isEqualTo("circuit breaker half-open: probing after it opened");
		Http.Response endpoint = this.http.get("/actuator/thirdparty/sms");
		assertThat(endpoint.<String>json("$.status")).isEqualTo("DOWN");
		assertThat(endpoint.<String>json("$.providers[1].state")).isEqualTo("FAILING");
		this.a.ok();
		this.b.ok();
		awaitHealth((response) -> {
			sms.sendOrQueue("hello");
			return "UP".equals(response.json(SMS + ".status"));
		});
	}

	@Test
	void oneOfTwoProvidersFailingLeavesTheServiceUpWithTheFailingOneDetailed() {
		start(List.of(this.a, this.b), checks());
		this.a.status(500);
		Http.Response health = awaitHealth(
				(response) -> "EJECTED".equals(response.json(SMS + ".details.providers.provider_a.state")));
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.<String>json(SMS + ".status")).isEqualTo("UP");
		assertThat(health.<String>json(SMS + ".details.providers.provider_a.reason"))
			.startsWith("ejected: health check failed")
			.endsWith("HTTP 500");
		assertThat(health.<String>json(SMS + ".details.providers.provider_a.healthCheck")).isEqualTo("FAILING");
		assertThat(health.<String>json(SMS + ".details.providers.provider_b.state")).isEqualTo("UP");
		assertThat(health.<String>json(SMS + ".details.providers.provider_b.healthCheck")).isEqualTo("PASSING");
		Http.Response endpoint = this.http.get("/actuator/thirdparty/sms");
		assertThat(endpoint.<String>json("$.status")).isEqualTo("UP");
		assertThat(endpoint.<String>json("$.providers[0].healthCheck.state")).isEqualTo("FAILING");
		assertThat(endpoint.<String>json("$.providers[1].healthCheck.state")).isEqualTo("PASSING");
	}

	@Test
	void endpointIsReadOnlyUnlessTheApplicationTurnsWritesOn() {
		start(List.of(this.a, this.b));
		Http.Response write = this.http.post("/actuator/thirdparty/sms/provider_a", "{\"action\":\"disable\"}");
		assertThat(write.status()).as("no write operation is mapped, only the read at the same path").isEqualTo(405);
		assertThat(this.http.post("/actuator/thirdparty/sms", "{\"action\":\"release\"}").status()).isEqualTo(405);
		Http.Response read = this.http.get("/actuator/thirdparty/sms/provider_a");
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.<String>json("$.state")).as("the write did not happen").isEqualTo("UP");
		assertThat(this.http.get("/actuator/thirdparty").<String>json("$.services.sms.status")).isEqualTo("UP");
	}

	@Test
	void writeOperationsWorkOnceAccessIsUnrestricted() {
		start(List.of(this.a, this.b), "management.endpoint.thirdparty.access=unrestricted");
		Http.Response write = this.http.post("/actuator/thirdparty/sms/provider_a", "{\"action\":\"disable\"}");
		assertThat(write.status()).isEqualTo(200);
		assertThat(write.<String>json("$.providers[0].state")).isEqualTo("DISABLED");
	}

	private static String[] checks() {
		return new String[] { "third-party.sms.health-check.path=/health", "third-party.sms.health-check.interval=50ms",
				"third-party.sms.health-check.timeout=1s", "third-party.sms.health-check.unhealthy-threshold=2",
				"third-party.sms.health-check.healthy-threshold=2" };
	}

	private void start(List<FakeVendor> providers, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
				"management.endpoints.web.exposure.include=thirdparty,health",
				"management.endpoint.health.show-details=always", "third-party.sms.retry.backoff=10ms",
				"third-party.operator.key-prefix=" + this.keys.prefix() + "operator:"));
		for (int i = 0; i < providers.size(); i++) {
			all.add("third-party.sms.providers[" + i + "].name=" + providers.get(i).name());
			all.add("third-party.sms.providers[" + i + "].url=" + providers.get(i).url());
			all.add("third-party.sms.providers[" + i + "].weight=" + (100 / providers.size()));
		}
		all.addAll(List.of(properties));
		this.application = new SpringApplicationBuilder(App.class).web(WebApplicationType.SERVLET)
			.properties(all.toArray(String[]::new))
			.run();
		this.http = new Http(((WebServerApplicationContext) this.application).getWebServer().getPort());
	}

	private Http.Response awaitHealth(Predicate<Http.Response> condition) {
		return await().atMost(Duration.ofSeconds(20)).until(() -> this.http.get("/actuator/health"), condition);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ SmsClient.class, ProviderEvents.class })
	static class App {

	}

}
