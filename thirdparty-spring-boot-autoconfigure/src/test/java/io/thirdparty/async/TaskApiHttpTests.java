package io.thirdparty.async;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.github.resilience4j.springboot3.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.ratelimiter.autoconfigure.RateLimiterAutoConfiguration;
import io.github.resilience4j.springboot3.timelimiter.autoconfigure.TimeLimiterAutoConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.thirdparty.autoconfigure.ThirdPartyAsyncAutoConfiguration;
import io.thirdparty.autoconfigure.ThirdPartyAutoConfiguration;
import io.thirdparty.autoconfigure.ThirdPartyResilienceAutoConfiguration;
import io.thirdparty.autoconfigure.ThirdPartyTaskWebAutoConfiguration;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PaymentTasks;
import io.thirdparty.test.ProblemAnswers;
import io.thirdparty.test.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The task API over HTTP in a real servlet application on a random port, its tasks in a
 * real Redis, its vendor a real HTTP server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskApiHttpTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor vendor = this.vendors.start("pay_a");

	private final String prefix = RedisServers.uniquePrefix("tasks-http");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private ConfigurableApplicationContext application;

	private String tasks;

	@BeforeAll
	void startApplication() {
		this.application = new SpringApplicationBuilder(WebApplication.class).web(WebApplicationType.SERVLET)
			.properties(RedisServers.find().springProperties())
			.properties("server.port=0", "server.address=127.0.0.1", "third-party.async.key-prefix=" + this.prefix,
					"third-party.async.poll-timeout=100ms", "third-party.async.tasks.max-request-size=1KB",
					"third-party.pay.providers[0].name=" + this.vendor.name(),
					"third-party.pay.providers[0].url=" + this.vendor.url())
			.run();
		int port = ((WebServerApplicationContext) this.application).getWebServer().getPort();
		this.tasks = "http://127.0.0.1:" + port + "/third-party/tasks";
	}

	@AfterAll
	void stopApplication() {
		if (this.application != null) {
			this.application.close();
		}
		RedisServers.deleteKeys(this.prefix);
	}

	@Test
	void startAnswersProcessingThenCheckAnswersSuccessWithTheResult() throws Exception {
		HttpResponse<String> started = post(
				"{\"taskType\":\"payment\",\"params\":{\"orderId\":\"o-1\",\"amount\":1250}}");
		assertThat(started.statusCode()).isEqualTo(202);
		JsonNode body = this.json.readTree(started.body());
		String taskId = body.get("taskId").stringValue();
		assertThat(body.get("status").stringValue()).isEqualTo("PROCESSING");
		assertThat(started.headers().firstValue("Location")).contains("/third-party/tasks/" + taskId);
		JsonNode done = await().atMost(Duration.ofSeconds(20))
			.until(() -> this.json.readTree(get(taskId).body()),
					(state) -> !"PROCESSING".equals(state.get("status").stringValue()));
		assertThat(done.get("taskId").stringValue()).isEqualTo(taskId);
		assertThat(done.get("status").stringValue()).isEqualTo("SUCCESS");
		assertThat(done.get("result").get("orderId").stringValue()).isEqualTo("o-1");
		assertThat(done.get("result").get("amount").longValue()).isEqualTo(1250);
		assertThat(done.get("result").get("vendor").stringValue()).isEqualTo("{\"vendor\":\"pay_a\"}");
		assertThat(done.has("error")).isFalse();
	}

	@Test
	void failedTaskShowsTheVendorsStatusButNotItsBody() throws Exception {
		this.vendor.once(new FakeVendor.Answer(500, "{\"error\":\"card 4000-0000-0000-0002 of Jane Roe declined\"}"));
		HttpResponse<String> started = post(
				"{\"taskType\":\"payment\",\"params\":{\"orderId\":\"o-9\",\"amount\":700}}");
		String taskId = this.json.readTree(started.body()).get("taskId").stringValue();
		HttpResponse<String> failed = await().atMost(Duration.ofSeconds(20))
			.until(() -> get(taskId), (response) -> response.body().contains("FAILED"));
		JsonNode body = this.json.readTree(failed.body());
		assertThat(body.get("error").stringValue()).contains("ThirdPartyException", "pay_a", "HTTP 500");
		assertThat(failed.body()).doesNotContain("Jane Roe", "4000-0000");
	}

	@Test
	void sameIdempotencyKeyStartsOneTask() throws Exception {
		String request = "{\"taskType\":\"payment\",\"params\":{\"orderId\":\"o-2\",\"amount\":1}}";
		String first = this.json.readTree(post(request, "Idempotency-Key", "checkout-o-2").body())
			.get("taskId")
			.stringValue();
		String second = this.json.readTree(post(request, "Idempotency-Key", "checkout-o-2").body())
			.get("taskId")
			.stringValue();
		assertThat(second).isEqualTo(first);
		await().atMost(Duration.ofSeconds(20)).until(() -> get(first).body().contains("SUCCESS"));
		assertThat(this.vendor.idempotencyKeys()).containsOnlyOnce("checkout-o-2");
	}

	@Test
	void sameIdempotencyKeyWithOtherParamsIsRefusedWithAJsonReason() throws Exception {
		String first = "{\"taskType\":\"payment\",\"params\":{\"orderId\":\"o-5\",\"amount\":100}}";
		String other = "{\"taskType\":\"payment\",\"params\":{\"orderId\":\"o-5\",\"amount\":9900}}";
		String taskId = this.json.readTree(post(first, "Idempotency-Key", "checkout-o-5").body())
			.get("taskId")
			.stringValue();
		HttpResponse<String> refused = post(other, "Idempotency-Key", "checkout-o-5");
		assertThat((String) problem(refused, 422, "idempotency-key-reused").get("detail")).contains("checkout-o-5")
			.contains("different parameters");
		assertThat(refused.body()).doesNotContain(taskId);
	}

	@Test
	void unknownTaskIsNotFoundWithAJsonReason() throws Exception {
		String taskId = UUID.randomUUID().toString();
		assertThat(problem(get(taskId), 404, "task-not-found")).containsEntry("detail", "No task '" + taskId + "'")
			.containsEntry("reason", "no task with that id is kept")
			.containsEntry("instance", "/third-party/tasks/" + taskId);
		problem(get("not-a-task-id"), 404, "task-not-found");
	}

	@Test
	void malformedBodyIsABadRequestWithAJsonReason() throws Exception {
		HttpResponse<String> response = post("{\"taskType\": \"payment\", \"params\": ");
		assertThat(problem(response, 400, "invalid-json")).containsEntry("detail",
				"The body is not valid JSON (line 1, column 35)");
	}

	@Test
	void missingTaskTypeIsABadRequest() throws Exception {
		HttpResponse<String> response = post("{\"params\":{\"orderId\":\"o-3\",\"amount\":1}}");
		assertThat((String) problem(response, 400, "invalid-request").get("detail")).startsWith("taskType is required");
	}

	@Test
	void unknownTaskTypeIsABadRequest() throws Exception {
		HttpResponse<String> response = post("{\"taskType\":\"refund\",\"params\":{}}");
		assertThat(problem(response, 400, "unknown-task-type")).containsEntry("detail", "Unknown task type 'refund'");
	}

	@Test
	void paramsThatDoNotFitAreABadRequest() throws Exception {
		HttpResponse<String> response = post(
				"{\"taskType\":\"payment\",\"params\":{\"orderId\":\"o-4\",\"amount\":\"lots\"}}");
		assertThat(problem(response, 400, "invalid-params")).containsEntry("detail",
				"The params of task type 'payment' do not fit: parameter 'amount': expected a whole number");
	}

	@Test
	void missingParamIsNamedWithoutJacksonsHintsOrClassNames() throws Exception {
		HttpResponse<String> response = post("{\"taskType\":\"payment\",\"params\":{\"orderId\":\"o-6\"}}");
		assertThat(problem(response, 400, "invalid-params")).containsEntry("detail",
				"The params of task type 'payment' do not fit: parameter 'amount': missing, expected a whole number");
		assertThat(response.body()).doesNotContain("FAIL_ON_NULL_FOR_PRIMITIVES", "PaymentTasks", "$", "`");
	}

	@Test
	void bodyOverTheLimitIsRefused() throws Exception {
		String big = "{\"taskType\":\"payment\",\"params\":{\"orderId\":\"" + "x".repeat(2000) + "\",\"amount\":1}}";
		assertThat(problem(post(big), 413, "request-too-large")).containsEntry("detail",
				"The body is larger than 1024 bytes");
	}

	@Test
	void bodyThatIsNotJsonIsUnsupported() throws Exception {
		String payment = "{\"taskType\":\"payment\",\"params\":{\"orderId\":\"o-7\",\"amount\":1}}";
		assertThat(problem(post(payment, "Content-Type", "text/plain"), 415, "unsupported-media-type"))
			.containsEntry("detail", "Content-Type 'text/plain' is not JSON; send the body as application/json");
		assertThat(problem(post(payment, "Content-Type", "application/x-www-form-urlencoded"), 415,
				"unsupported-media-type"))
			.containsEntry("reason", "the task API reads JSON bodies only");
		assertThat(problem(post(payment, "Content-Type", "not a type"), 415, "unsupported-media-type"))
			.containsEntry("detail", "Content-Type 'not a type' is not JSON; send the body as application/json");
		HttpResponse<String> untyped = this.http.send(HttpRequest.newBuilder(URI.create(this.tasks))
			.POST(HttpRequest.BodyPublishers.ofString(payment))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(problem(untyped, 415, "unsupported-media-type")).containsEntry("detail",
				"Content-Type is missing; send the body as application/json");
		assertThat(post(payment, "Content-Type", "application/json; charset=UTF-8").statusCode()).isEqualTo(202);
	}

	private static Map<String, Object> problem(HttpResponse<String> response, int status, String error) {
		return ProblemAnswers.assertProblem(response.statusCode(),
				response.headers().firstValue("Content-Type").orElse(""), response.body(), status, error);
	}

	private HttpResponse<String> post(String body, String... headers) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.tasks))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		boolean typed = false;
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
			typed |= headers[i].equalsIgnoreCase("Content-Type");
		}
		if (!typed) {
			request.header("Content-Type", "application/json");
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String taskId) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.tasks + "/" + taskId)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
			WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
			DataRedisAutoConfiguration.class, AopAutoConfiguration.class, CircuitBreakerAutoConfiguration.class,
			TimeLimiterAutoConfiguration.class, RateLimiterAutoConfiguration.class, BulkheadAutoConfiguration.class,
			Resilience4JAutoConfiguration.class, ThirdPartyResilienceAutoConfiguration.class,
			ThirdPartyAutoConfiguration.class, ThirdPartyAsyncAutoConfiguration.class,
			ThirdPartyTaskWebAutoConfiguration.class })
	@Import(PaymentTasks.class)
	static class WebApplication {

	}

}
