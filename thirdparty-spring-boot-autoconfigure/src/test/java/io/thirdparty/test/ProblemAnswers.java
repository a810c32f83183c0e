package io.thirdparty.test;

import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that an HTTP answer is one of the starter's RFC 9457 problems: status,
 * {@code application/problem+json}, {@code type} {@code urn:thirdparty:problem:<error>},
 * the status phrase as {@code title}, the {@code status} member, the request's path as
 * {@code instance}, {@code error}, a {@code reason} and a {@code detail}, and that it
 * echoes no library internals.
 */
public final class ProblemAnswers {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ProblemAnswers() {
	}

	/**
	 * Asserts the shape of a problem answer and returns its members for further checks.
	 * @param status the answer's status
	 * @param contentType the answer's {@code Content-Type}
	 * @param body the answer's body
	 * @param expectedStatus the status expected
	 * @param error the error code expected
	 * @return the members of the problem
	 */
	public static Map<String, Object> assertProblem(int status, String contentType, String body, int expectedStatus,
			String error) {
		assertThat(status).as(body).isEqualTo(expectedStatus);
		assertThat(contentType).as(body).startsWith("application/problem+json");
		Map<String, Object> problem = JSON.readValue(body, new TypeReference<Map<String, Object>>() {
		});
		assertThat(problem).containsEntry("type", "urn:thirdparty:problem:" + error)
			.containsEntry("status", expectedStatus)
			.containsEntry("error", error)
			.containsKeys("title", "instance", "reason", "detail");
		assertThat((String) problem.get("title")).isNotBlank();
		assertThat((String) problem.get("reason")).isNotBlank();
		assertThat((String) problem.get("detail")).isNotBlank();
		assertThat(body).doesNotContain("Exception", "jackson", "FAIL_ON", "io.thirdparty", "java.");
		return problem;
	}

}
