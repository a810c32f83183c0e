package io.thirdparty.web;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyException;
import io.thirdparty.async.TaskSubmissionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The problems the starter answers, and their JSON.
 */
class ProblemsTests {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	/** Serializes problems as Spring's message converters do. */
	private final JsonMapper spring = JsonMapper.builder()
		.addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
		.build();

	@Test
	void problemHasATypeNamedByItsErrorAndTheStartersMembers() {
		ProblemDetail problem = Problems.of(401, "invalid-token", "the callback token is missing or wrong",
				"the callback token is missing or wrong");
		assertThat(problem.getType()).hasToString("urn:thirdparty:problem:invalid-token");
		assertThat(problem.getTitle()).isEqualTo("Unauthorized");
		assertThat(problem.getStatus()).isEqualTo(401);
		assertThat(problem.getProperties()).containsEntry("error", "invalid-token")
			.containsEntry("reason", "the callback token is missing or wrong");
	}

	@Test
	void jsonIsWhatSpringWritesForTheSameProblem() {
		ProblemDetail problem = Problems.of(404, "unknown-provider", "no provider of this service has that name",
				"Service 'sms' has no provider \"x\\y\"\n\t\u0001 caf\u00e9 \u2028");
		problem.setProperty("attempts", 2);
		problem.setProperty("names", List.of("a", "b"));
		problem.setProperty("nested", Map.of("ok", true));
		String json = Problems.toJson(problem);
		assertThat(this.spring.readValue(json, MAP))
			.isEqualTo(this.spring.readValue(this.spring.writeValueAsString(problem), MAP));
		assertThat(json).startsWith("{\"type\":\"urn:thirdparty:problem:unknown-provider\",\"title\":\"Not Found\","
				+ "\"status\":404,\"detail\":");
	}

	@Test
	void instanceIsTheRequestPathWhenItIsAUriReference() {
		ProblemDetail problem = Problems.of(404, "task-not-found", "no task with that id is kept", "No task 'x'");
		assertThat(Problems.withInstance(problem, "/third-party/tasks/caf%C3%A9").getInstance())
			.hasToString("/third-party/tasks/caf%C3%A9");
		assertThat(Problems.withInstance(problem, "/third-party/tasks/a b").getInstance()).isNull();
		assertThat(Problems.toJson(problem)).doesNotContain("instance");
	}

	@Test
	void serviceUnavailableNamesTheServiceButNoVendorMessage() {
		Provider vendor = new Provider("price", "price_vendor", "http://127.0.0.1:1?key=secret", 1, 0, Map.of());
		ThirdPartyException failure = new ThirdPartyException("price", List
			.of(new ThirdPartyException.Attempt(vendor, new IllegalStateException("I/O error on GET key=secret"))));
		ProblemDetail problem = Problems.serviceUnavailable(failure);
		assertThat(problem.getStatus()).isEqualTo(503);
		assertThat(problem.getType()).hasToString("urn:thirdparty:problem:service-unavailable");
		assertThat(problem.getDetail())
			.isEqualTo("Third-party service 'price' could not answer: 1 attempt(s) failed; try again later");
		assertThat(problem.getProperties()).containsEntry("service", "price").containsEntry("attempts", 1);
		assertThat(Problems.toJson(problem)).doesNotContain("secret", "I/O", "Exception", "price_vendor");
	}

	@Test
	void serviceWithoutAnAvailableProviderSaysSo() {
		assertThat(Problems.serviceUnavailable(new ThirdPartyException("sms", List.of())).getDetail())
			.isEqualTo("Third-party service 'sms' could not answer: no provider was available; try again later");
	}

	@Test
	void taskStoreUnavailableSaysNothingWasAccepted() {
		ProblemDetail problem = Problems
			.taskStoreUnavailable(new TaskSubmissionException("sms", new IllegalStateException("Connection refused")));
		assertThat(problem.getStatus()).isEqualTo(503);
		assertThat(problem.getType()).hasToString("urn:thirdparty:problem:task-store-unavailable");
		assertThat(problem.getDetail())
			.isEqualTo("The task store is unavailable; nothing was accepted for 'sms', try again");
		assertThat(Problems.toJson(problem)).doesNotContain("Connection refused");
	}

}
