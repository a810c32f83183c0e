package io.thirdparty.sample;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.client.RestTestClient;

import io.thirdparty.async.TaskBackend;
import io.thirdparty.sample.price.FakePriceVendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.reset;

/**
 * The sample's expected failures over real HTTP: each is a {@code 503} RFC 9457 problem
 * and one WARN line in the log, not a {@code 500} with a stack trace.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class FailureAnswersSampleTests {

	@LocalServerPort
	private int port;

	@Autowired
	private FakePriceVendor priceVendor;

	/** The task store; made to fail as Redis does when it is down. */
	@MockitoSpyBean
	private TaskBackend tasks;

	@AfterEach
	void recover() {
		this.priceVendor.up();
		reset(this.tasks);
	}

	@Test
	void priceNeverCachedWhileTheVendorIsDownIsA503Problem(CapturedOutput output) {
		this.priceVendor.down();
		int logged = output.getOut().length();
		String sku = "never-seen-" + UUID.randomUUID();
		Map<String, Object> problem = problem(client().get().uri("/prices/" + sku).exchange());
		assertThat(problem).containsEntry("type", "urn:thirdparty:problem:service-unavailable")
			.containsEntry("title", "Service Unavailable")
			.containsEntry("status", 503)
			.containsEntry("error", "service-unavailable")
			.containsEntry("reason", "no provider of the third-party service could answer")
			.containsEntry("service", "price")
			.containsEntry("instance", "/prices/" + sku);
		assertThat((String) problem.get("detail")).startsWith("Third-party service 'price' could not answer: ")
			.endsWith("; try again later");
		List<String> log = output.getOut().substring(logged).lines().toList();
		assertThat(log).filteredOn((line) -> line.contains("ThirdPartyFailureAdvice"))
			.singleElement()
			.satisfies((line) -> assertThat(line).containsPattern("\\bWARN\\b")
				.contains("Third-party service 'price' failed"));
		assertThat(log).noneMatch((line) -> line.startsWith("\tat ") || line.matches(".*\\bERROR\\b.*"));
	}

	@Test
	void notificationWhileTheTaskStoreIsDownIsA503Problem(CapturedOutput output) {
		willThrow(new IllegalStateException("Unable to connect to Redis")).given(this.tasks).submit(any());
		int logged = output.getOut().length();
		Map<String, Object> problem = problem(client().post()
			.uri("/notifications")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"id\":\"n-" + UUID.randomUUID() + "\",\"to\":\"+4915112345678\",\"text\":\"hello\"}")
			.exchange());
		assertThat(problem).containsEntry("type", "urn:thirdparty:problem:task-store-unavailable")
			.containsEntry("status", 503)
			.containsEntry("error", "task-store-unavailable")
			.containsEntry("detail", "The task store is unavailable; nothing was accepted for 'sms', try again")
			.containsEntry("instance", "/notifications");
		assertThat(problem.toString()).doesNotContain("Redis");
		List<String> log = output.getOut().substring(logged).lines().toList();
		assertThat(log).filteredOn((line) -> line.contains("ThirdPartyFailureAdvice"))
			.singleElement()
			.satisfies((line) -> assertThat(line).containsPattern("\\bWARN\\b")
				.contains("Could not queue work for 'sms'"));
		assertThat(log).noneMatch((line) -> line.startsWith("\tat ") || line.matches(".*\\bERROR\\b.*"));
	}

	private RestTestClient client() {
		// the JDK's client: Apache HttpClient, which Nacos brings, sends a request again
		// on a 503
		return RestTestClient.bindToServer(new JdkClientHttpRequestFactory())
			.baseUrl("http://127.0.0.1:" + this.port)
			.build();
	}

	private static Map<String, Object> problem(RestTestClient.ResponseSpec answer) {
		return answer.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
	}

}
