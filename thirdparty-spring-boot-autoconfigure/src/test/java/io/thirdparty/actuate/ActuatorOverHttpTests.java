package io.thirdparty.actuate;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
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
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.thirdparty.provider.ProviderControl;
import io.thirdparty.provider.ProviderStateChangedEvent.Change;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.ProblemAnswers;
import io.thirdparty.test.ProviderEvents;
import io.thirdparty.test.RedisKeys;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code thirdparty} endpoint, the {@code thirdParty} health contributor and the
 * metrics over HTTP in a running application.
 */
@SpringBootTest(classes = ActuatorOverHttpTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=thirdparty,health",
				"management.endpoint.thirdparty.access=unrestricted", "management.endpoint.health.show-details=always",
				"third-party.sms.retry.backoff=10ms", "third-party.sms.circuit-breaker.consecutive-failures=1",
				"third-party.sms.circuit-breaker.wait-in-open=1s",
				"third-party.sms.circuit-breaker.half-open-calls=1" })
class ActuatorOverHttpTests {

	@RegisterExtension
	static final FakeVendors VENDORS = new FakeVendors();

	private static final FakeVendor a = VENDORS.start("provider_a");

	private static final FakeVendor b = VENDORS.start("provider_b");

	/** Operator state of the application, kept apart in the shared test Redis. */
	@RegisterExtension
	static final RedisKeys KEYS = RedisKeys.under("actuator-http");

	@LocalServerPort
	private int port;

	@Autowired
	private SmsClient sms;

	@Autowired
	private ProviderControl control;

	@Autowired
	private ProviderEvents events;

	@Autowired
	private MeterRegistry meters;

	private Http http;

	@DynamicPropertySource
	static void vendors(DynamicPropertyRegistry registry) {
		registry.add("third-party.operator.key-prefix", () -> KEYS.prefix() + "operator:");
		registry.add("third-party.sms.providers[0].name", a::name);
		registry.add("third-party.sms.providers[0].url", () -> a.url() + "?api_key=secret-key");
		registry.add("third-party.sms.providers[0].weight", () -> 60);
		registry.add("third-party.sms.providers[0].metadata.password", () -> "metadata-secret");
		registry.add("third-party.sms.providers[1].name", b::name);
		registry.add("third-party.sms.providers[1].url", () -> b.url().replace("://", "://user:url-secret@"));
		registry.add("third-party.sms.providers[1].weight", () -> 40);
	}

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@AfterEach
	void reset() {
		a.ok();
		b.ok();
		this.control.release("sms");
		for (String provider : List.of("provider_a", "provider_b")) {
			this.control.enable("sms", provider);
			this.control.resetBreaker("sms", provider);
		}
	}

	@Test
	void readsEveryServiceWithItsProviders() {
		this.sms.send("hello");
		Http.Response response = this.http.get("/actuator/thirdparty");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.<String>json("$.services.sms.strategy")).isEqualTo("WEIGHTED");
		assertThat(response.<String>json("$.services.sms.status")).isEqualTo("UP");
		assertThat(response.<List<String>>json("$.services.sms.providers[*].name")).containsExactly("provider_a",
				"provider_b");
		assertThat(response.<Integer>json("$.services.sms.providers[0].weight")).isEqualTo(60);
		assertThat(response.<Integer>json("$.services.sms.providers[0].effectiveWeight")).isEqualTo(60);
		assertThat(response.<String>json("$.services.sms.providers[0].state")).isEqualTo("UP");
		assertThat(response.<String>json("$.services.sms.providers[0].circuitBreaker.state")).isEqualTo("CLOSED");
		assertThat(response.<Integer>json("$.services.sms.providers[0].inFlight")).isZero();
		int calls = response.<Integer>json("$.services.sms.providers[0].calls")
				+ response.<Integer>json("$.services.sms.providers[1].calls");
		assertThat(calls).isPositive();
	}

	@Test
	void neverShowsSecrets() {
		String body = this.http.get("/actuator/thirdparty").body();
		assertThat(body).doesNotContain("secret-key", "url-secret", "metadata-secret");
		assertThat(body).contains(a.url() + "?******").contains("http://******@127.0.0.1");
	}

	@Test
	void readsOneServiceAndOneProvider() {
		assertThat(this.http.get("/actuator/thirdparty/sms").<String>json("$.name")).isEqualTo("sms");
		Http.Response provider = this.http.get("/actuator/thirdparty/sms/provider_b");
		assertThat(provider.status()).isEqualTo(200);
		assertThat(provider.<String>json("$.name")).isEqualTo("provider_b");
	}

	@Test
	void unknownNamesGive404AndCreateNothing() {
		assertThat(this.http.get("/actuator/thirdparty/nope").status()).isEqualTo(404);
		assertThat(this.http.get("/actuator/thirdparty/sms/nope").status()).isEqualTo(404);
		assertThat(this.http.post("/actuator/thirdparty/sms/nope", "{\"action\":\"disable\"}").status()).isEqualTo(404);
		assertThat(this.http.post("/actuator/thirdparty/nope", "{\"action\":\"release\"}").status()).isEqualTo(404);
		assertThat(this.http.get("/actuator/thirdparty").<Map<String, Object>>json("$.services"))
			.containsOnlyKeys("sms");
	}

	@Test
	void unknownServiceIsAProblemNamingTheServicesThatExist() {
		for (Http.Response answer : List.of(this.http.get("/actuator/thirdparty/nope"),
				this.http.get("/actuator/thirdparty/nope/provider_a"),
				this.http.post("/actuator/thirdparty/nope", "{\"action\":\"release\"}"),
				this.http.post("/actuator/thirdparty/nope/provider_a", "{\"action\":\"disable\"}"))) {
			assertThat(problem(answer, 404, "unknown-service"))
				.containsEntry("detail", "No service 'nope'; services: sms")
				.containsEntry("reason", "no service of the application has that name");
		}
	}

	@Test
	void unknownProviderIsAProblemNamingTheProvidersThatExist() {
		for (Http.Response answer : List.of(this.http.get("/actuator/thirdparty/sms/nope"),
				this.http.post("/actuator/thirdparty/sms/nope", "{\"action\":\"disable\"}"),
				this.http.post("/actuator/thirdparty/sms/nope", "{\"action\":\"explode\"}"))) {
			assertThat(problem(answer, 404, "unknown-provider")).containsEntry("detail",
					"Service 'sms' has no provider 'nope'; providers: provider_a, provider_b");
		}
	}

	@Test
	void badRequestsGive400() {
		assertThat(this.http.post("/actuator/thirdparty/sms/provider_a", "{\"action\":\"explode\"}").status())
			.isEqualTo(400);
		assertThat(this.http.post("/actuator/thirdparty/sms", "{\"action\":\"cache-version\"}").status())
			.isEqualTo(400);
		assertThat(this.http.post("/actuator/thirdparty/sms", "{\"action\":\"cache-version\",\"version\":\"v3\"}")
			.status()).as("no cache configured").isEqualTo(400);
	}

	@Test
	void badActionIsAProblemListingTheValidOnes() {
		assertThat(problem(this.http.post("/actuator/thirdparty/sms/provider_a", "{\"action\":\"explode\"}"), 400,
				"invalid-action"))
			.containsEntry("detail", "Unknown action 'explode'; valid actions: disable, enable, force, reset-breaker");
		assertThat(problem(this.http.post("/actuator/thirdparty/sms/provider_a", "{}"), 400, "invalid-action"))
			.containsEntry("detail",
					"Missing action, e.g. {\"action\":\"disable\"}; valid actions: disable, enable, force, reset-breaker");
		assertThat(
				problem(this.http.post("/actuator/thirdparty/sms", "{\"action\":\"disable\"}"), 400, "invalid-action"))
			.containsEntry("detail", "Unknown action 'disable'; valid actions: release, cache-version");
		assertThat(this.http.get("/actuator/thirdparty/sms/provider_a").<String>json("$.state")).isEqualTo("UP");
	}

	@Test
	void actionThatDoesNotApplyIsAProblemSayingWhy() {
		assertThat(problem(this.http.post("/actuator/thirdparty/sms", "{\"action\":\"cache-version\"}"), 400,
				"invalid-request"))
			.hasEntrySatisfying("detail", (detail) -> assertThat((String) detail).contains("version"));
		assertThat(
				problem(this.http.post("/actuator/thirdparty/sms", "{\"action\":\"cache-version\",\"version\":\"v3\"}"),
						400, "invalid-request"))
			.hasEntrySatisfying("detail", (detail) -> assertThat((String) detail).contains("has no cache"));
	}

	@Test
	void actionsAreReadLikeBootReadsEnums() {
		assertThat(this.http.post("/actuator/thirdparty/sms/provider_a", "{\"action\":\"RESET_BREAKER\"}").status())
			.isEqualTo(200);
		assertThat(this.http.post("/actuator/thirdparty/sms/provider_a", "{\"action\":\"reset-breaker\"}").status())
			.isEqualTo(200);
	}

	private static Map<String, Object> problem(Http.Response answer, int status, String error) {
		return ProblemAnswers.assertProblem(answer.status(), answer.contentType(), answer.body(), status, error);
	}

	@Test
	void switchoverForcesAllTrafficToTheChosenProviderAndBack() {
		Http.Response forced = this.http.post("/actuator/thirdparty/sms/provider_b", "{\"action\":\"force\"}");
		assertThat(forced.status()).isEqualTo(200);
		assertThat(forced.<String>json("$.forced")).isEqualTo("provider_b");
		assertThat(forced.<String>json("$.providers[1].state")).isEqualTo("FORCED");
		assertThat(forced.<Integer>json("$.providers[0].effectiveWeight")).isZero();
		assertThat(answers(20)).containsOnlyKeys("provider_b");
		Http.Response released = this.http.post("/actuator/thirdparty/sms", "{\"action\":\"release\"}");
		assertThat(released.status()).isEqualTo(200);
		assertThat(released.<String>json("$.forced")).isNull();
		assertThat(answers(20)).containsOnlyKeys("provider_a", "provider_b");
		assertThat(this.events.saw("provider_b", Change.FORCED)).isTrue();
		assertThat(this.events.saw("provider_b", Change.RELEASED)).isTrue();
	}

	@Test
	void disableTakesAProviderOutAndEnableBringsItBack() {
		Http.Response disabled = this.http.post("/actuator/thirdparty/sms/provider_a", "{\"action\":\"disable\"}");
		assertThat(disabled.<String>json("$.providers[0].state")).isEqualTo("DISABLED");
		assertThat(disabled.<String>json("$.providers[0].reason")).isEqualTo("disabled by an operator");
		assertThat(answers(10)).containsOnlyKeys("provider_b");
		this.http.post("/actuator/thirdparty/sms/provider_a", "{\"action\":\"enable\"}");
		assertThat(answers(20)).containsKeys("provider_a", "provider_b");
	}

	@Test
	void resetBreakerAnswersTheService() {
		Http.Response reset = this.http.post("/actuator/thirdparty/sms/provider_a", "{\"action\":\"reset-breaker\"}");
		assertThat(reset.status()).isEqualTo(200);
		assertThat(reset.<String>json("$.providers[0].circuitBreaker.state")).isEqualTo("CLOSED");
	}

	@Test
	void healthIsUpWhileAProviderIsUsableDownWhenNoneIsAndUpAgainWhenVendorsRecover() {
		Http.Response up = this.http.get("/actuator/health/thirdParty/sms");
		assertThat(up.status()).isEqualTo(200);
		assertThat(up.<String>json("$.status")).isEqualTo("UP");
		assertThat(up.<String>json("$.details.providers.provider_a.state")).isEqualTo("UP");
		assertThat(this.http.get("/actuator/health").<String>json("$.components.thirdParty.components.sms.status"))
			.isEqualTo("UP");
		a.down();
		b.down();
		try {
			AtomicReference<Http.Response> health = new AtomicReference<>();
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				this.sms.sendOrQueue("hello");
				health.set(this.http.get("/actuator/health"));
				return health.get().status() == 503;
			});
			String sms = "$.components.thirdParty.components.sms";
			assertThat(health.get().<String>json(sms + ".status")).isEqualTo("DOWN");
			assertThat(health.get().<String>json(sms + ".details.providers.provider_a.state")).isEqualTo("EJECTED");
			assertThat(health.get().<String>json(sms + ".details.providers.provider_b.reason"))
				.startsWith("circuit breaker");
		}
		finally {
			a.up();
			b.up();
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			this.sms.sendOrQueue("hello");
			return this.http.get("/actuator/health/thirdParty/sms").status() == 200
					&& this.events.saw("provider_a", Change.RESTORED);
		});
		assertThat(this.events.saw("provider_a", Change.EJECTED)).isTrue();
	}

	@Test
	void resilience4jMetricsOfEveryProviderShareTheRegistry() {
		this.sms.send("hello");
		assertThat(this.meters.find("resilience4j.circuitbreaker.state").tag("name", "sms.provider_a").gauges())
			.isNotEmpty();
		assertThat(this.meters.find("thirdparty.calls").tag("service", "sms").timers()).isNotEmpty();
	}

	@Test
	void readShowsRecentTrafficAndTheLastFailover() {
		this.http.get("/actuator/thirdparty");
		a.once(new FakeVendor.Status(500, Map.of()));
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			this.sms.sendOrQueue("hello");
			return !this.events.failovers().isEmpty();
		});
		// provider_a's breaker opened on that failure; its half-open probes bring it back
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			this.sms.sendOrQueue("hello");
			Http.Response read = this.http.get("/actuator/thirdparty");
			return read.<Object>json("$.services.sms.providers[0].traffic.callsPerSecond") != null
					&& read.<Object>json("$.services.sms.providers[0].traffic.p50Millis") != null;
		});
		Http.Response read = this.http.get("/actuator/thirdparty");
		assertThat(read.<Double>json("$.services.sms.providers[0].traffic.successRate")).isBetween(0.0, 100.0);
		assertThat(read.<Double>json("$.services.sms.providers[0].traffic.p99Millis")).isPositive();
		assertThat(read.<Double>json("$.services.sms.traffic.callsPerSecond")).isPositive();
		String failover = "$.services.sms.recentEvents[?(@.kind == 'FAILOVER' && @.from == 'provider_a' "
				+ "&& @.provider == 'provider_b')]";
		assertThat(read.<List<String>>json(failover + ".reason"))
			.anySatisfy((reason) -> assertThat(reason).contains("500"));
		assertThat(this.http.get("/actuator/thirdparty/sms").<List<String>>json("$.recentEvents[*].kind"))
			.contains("FAILOVER");
	}

	private Map<String, Integer> answers(int calls) {
		Map<String, Integer> answers = new HashMap<>();
		for (int i = 0; i < calls; i++) {
			String body = this.sms.send("hello " + i);
			answers.merge(body.substring(body.indexOf(":\"") + 2, body.lastIndexOf('"')), 1, Integer::sum);
		}
		return answers;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ SmsClient.class, ProviderEvents.class })
	static class App {

	}

}
