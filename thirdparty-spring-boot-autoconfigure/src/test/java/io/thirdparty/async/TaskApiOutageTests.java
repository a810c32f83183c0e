package io.thirdparty.async;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The task API over HTTP while its Redis is down: starting and checking tasks answer 503
 * with a JSON reason (never 500), the outage is logged once, and the API works again once
 * Redis returns.
 */
@ExtendWith(OutputCaptureExtension.class)
class TaskApiOutageTests {

	private static final String OUTAGE = "The third-party task store is not answering";

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor vendor = this.vendors.start("pay_a");

	private final RedisServers.OwnServer redis = RedisServers.ownServer();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private ConfigurableApplicationContext application;

	private String tasks;

	@AfterEach
	void stop() {
		if (this.application != null) {
			this.application.close();
		}
		this.redis.close();
	}

	@Test
	void startAndCheckAnswer503WithAJsonReasonWhileRedisIsDown(CapturedOutput output) throws Exception {
		start();
		HttpResponse<String> started = post("{\"taskType\":\"payment\",\"params\":{\"orderId\":\"o-1\",\"amount\":1}}");
		assertThat(started.statusCode()).isEqualTo(202);
		String taskId = this.json.readTree(started.body()).get("taskId").stringValue();
		assertThat(get(taskId).statusCode()).isEqualTo(200);

		this.redis.kill();
		HttpResponse<String> checked = get(taskId);
		assertThat(checked.statusCode()).isEqualTo(503);
		assertJson(checked, "The task store is unavailable; the state of task '" + taskId + "' is unknown, try again");
		HttpResponse<String> refused = post("{\"taskType\":\"payment\",\"params\":{\"orderId\":\"o-2\",\"amount\":1}}");
		assertThat(refused.statusCode()).isEqualTo(503);
		assertJson(refused, "The task store is unavailable; nothing was accepted for 'payment', try again");
		assertThat(get(taskId).statusCode()).isEqualTo(503);
		assertThat(occurrences(output.getAll(), OUTAGE)).isOne();

		this.redis.start();
		HttpResponse<String> again = await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> post("{\"taskType\":\"payment\",\"params\":{\"orderId\":\"o-3\",\"amount\":1}}"),
					(response) -> response.statusCode() == 202);
		String newTask = this.json.readTree(again.body()).get("taskId").stringValue();
		assertThat(get(newTask).statusCode()).isEqualTo(200);
		assertThat(output.getAll()).contains("The third-party task store answers again");
		assertThat(occurrences(output.getAll(), OUTAGE)).isOne();
	}

	private void start() {
		this.application = new SpringApplicationBuilder(TaskApiHttpTests.WebApplication.class)
			.web(WebApplicationType.SERVLET)
			.properties("spring.data.redis.host=" + this.redis.host(), "spring.data.redis.port=" + this.redis.port(),
					// a live Redis answers well within this even on a loaded machine; a
					// dead one fails after it
					"spring.data.redis.timeout=3s", "spring.data.redis.connect-timeout=2s")
			.properties("server.port=0", "server.address=127.0.0.1", "third-party.async.poll-timeout=100ms",
					"third-party.pay.providers[0].name=" + this.vendor.name(),
					"third-party.pay.providers[0].url=" + this.vendor.url())
			.run();
		int port = ((WebServerApplicationContext) this.application).getWebServer().getPort();
		this.tasks = "http://127.0.0.1:" + port + "/third-party/tasks";
	}

	private void assertJson(HttpResponse<String> response, String message) {
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.get("status").intValue()).isEqualTo(503);
		assertThat(body.get("type").stringValue()).isEqualTo("urn:thirdparty:problem:task-store-unavailable");
		assertThat(body.get("error").stringValue()).isEqualTo("task-store-unavailable");
		assertThat(body.get("detail").stringValue()).isEqualTo(message);
	}

	private HttpResponse<String> post(String body) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.tasks))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String taskId) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.tasks + "/" + taskId)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static int occurrences(String text, String needle) {
		int count = 0;
		for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
			count++;
		}
		return count;
	}

}
