package io.thirdparty.async.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import io.thirdparty.TaskState;
import io.thirdparty.TaskStatus;
import io.thirdparty.ThirdPartyTasks;
import io.thirdparty.async.IdempotencyKeyReusedException;
import io.thirdparty.async.InvalidTaskParametersException;
import io.thirdparty.async.TaskLookupException;
import io.thirdparty.async.TaskSubmissionException;
import io.thirdparty.async.UnknownTaskTypeException;
import io.thirdparty.web.Problems;

/**
 * The task API over HTTP, as Spring MVC functional routes under a base path:
 * <ul>
 * <li>{@code POST <base>} with {@code {"taskType": "...", "params": {...}}} (and
 * optionally {@code "idempotencyKey"}, or an {@code Idempotency-Key} header) starts a
 * task: {@code 202} with {@code {taskId, status}} and a {@code Location} to check it.
 * Only a request with a key is deduplicated: the same key with the same params answers
 * the task it started;</li>
 * <li>{@code GET <base>/{taskId}} checks one: {@code 200} with {@code {taskId, status,
 * result}} or {@code {taskId, status, error}}.</li>
 * </ul>
 * Errors are RFC 9457 problems ({@code application/problem+json}, see {@link Problems}):
 * {@code 400} for a malformed body, an unknown task type or params that do not fit,
 * {@code 404} for an unknown task, {@code 413} for a body over the limit, {@code 415} for
 * a body that is not JSON, {@code 422} for an idempotency key already used with other
 * params, {@code 503} when the task store does not answer (to a start or a check).
 */
public class TaskEndpoints {

	/** Longest idempotency key accepted. */
	public static final int MAX_KEY_LENGTH = 255;

	private final ThirdPartyTasks tasks;

	private final ObjectMapper mapper;

	private final String basePath;

	private final long maxRequestSize;

	/**
	 * Creates the endpoints.
	 * @param tasks the task API
	 * @param mapper reads requests and writes responses
	 * @param basePath the base path, e.g. {@code /third-party/tasks}
	 * @param maxRequestSize the largest body read, in bytes
	 */
	public TaskEndpoints(ThirdPartyTasks tasks, ObjectMapper mapper, String basePath, long maxRequestSize) {
		this.tasks = tasks;
		this.mapper = mapper;
		this.basePath = basePath;
		this.maxRequestSize = maxRequestSize;
	}

	/**
	 * Returns the routes.
	 * @return the router function
	 */
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.POST(this.basePath, this::start)
			.GET(this.basePath + "/{taskId}", this::check)
			.build();
	}

	private ServerResponse start(ServerRequest request) throws IOException {
		String notJson = notJson(request);
		if (notJson != null) {
			return problem(request, TaskProblem.UNSUPPORTED_MEDIA_TYPE, notJson);
		}
		byte[] body;
		try (InputStream in = request.servletRequest().getInputStream()) {
			body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.maxRequestSize + 1));
		}
		if (body.length > this.maxRequestSize) {
			return problem(request, TaskProblem.REQUEST_TOO_LARGE,
					"The body is larger than " + this.maxRequestSize + " bytes");
		}
		JsonNode root;
		try {
			root = this.mapper.readTree(body);
		}
		catch (JacksonException ex) {
			return problem(request, TaskProblem.INVALID_JSON, "The body is not valid JSON" + where(ex));
		}
		if (root == null || !root.isObject()) {
			return problem(request, TaskProblem.INVALID_REQUEST,
					"The body must be a JSON object: {\"taskType\": \"...\", \"params\": {...}}");
		}
		JsonNode type = root.get("taskType");
		if (type == null || !type.isString() || type.stringValue().isBlank()) {
			return problem(request, TaskProblem.INVALID_REQUEST,
					"taskType is required: the name of a task type, as a string");
		}
		JsonNode params = root.get("params");
		if (params == null) {
			return problem(request, TaskProblem.INVALID_REQUEST,
					"params is required: the task's parameters, e.g. an object");
		}
		String key = request.headers().firstHeader("Idempotency-Key");
		JsonNode keyNode = root.get("idempotencyKey");
		if (key == null && keyNode != null && !keyNode.isNull()) {
			if (!keyNode.isString()) {
				return problem(request, TaskProblem.INVALID_REQUEST, "idempotencyKey must be a string");
			}
			key = keyNode.stringValue();
		}
		if (key != null && (key.isBlank() || key.length() > MAX_KEY_LENGTH)) {
			return problem(request, TaskProblem.INVALID_REQUEST,
					"The idempotency key must be 1 to " + MAX_KEY_LENGTH + " characters");
		}
		TaskState state;
		try {
			state = this.tasks.start(type.stringValue(), params, key);
		}
		catch (UnknownTaskTypeException ex) {
			return problem(request, TaskProblem.UNKNOWN_TASK_TYPE, "Unknown task type '" + ex.taskType() + "'");
		}
		catch (InvalidTaskParametersException ex) {
			return problem(request, TaskProblem.INVALID_PARAMS, ex.getMessage());
		}
		catch (IdempotencyKeyReusedException ex) {
			return problem(request, TaskProblem.IDEMPOTENCY_KEY_REUSED, ex.getMessage());
		}
		catch (TaskSubmissionException ex) {
			return problem(request, Problems.taskStoreUnavailable(ex));
		}
		catch (TaskLookupException ex) {
			// the key named an earlier task, whose state could not be read: starting
			// again is safe
			return problem(request, Problems.of(HttpStatus.SERVICE_UNAVAILABLE.value(), Problems.TASK_STORE_UNAVAILABLE,
					"the task store did not answer; nothing was accepted", "The task store is unavailable; try again"));
		}
		return json(ServerResponse.accepted().location(URI.create(this.basePath + "/" + state.taskId())), body(state));
	}

	private ServerResponse check(ServerRequest request) {
		String taskId = request.pathVariable("taskId");
		Optional<TaskState> state;
		try {
			state = this.tasks.check(taskId);
		}
		catch (TaskLookupException ex) {
			return problem(request, Problems.taskLookupUnavailable(taskId));
		}
		return state.map((found) -> json(ServerResponse.ok(), body(found)))
			.orElseGet(() -> problem(request, TaskProblem.TASK_NOT_FOUND, "No task '" + taskId + "'"));
	}

	private static Map<String, Object> body(TaskState state) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("taskId", state.taskId());
		body.put("status", state.status().name());
		if (state.status() == TaskStatus.SUCCESS) {
			body.put("result", state.result());
		}
		if (state.status() == TaskStatus.FAILED) {
			body.put("error", state.error());
		}
		return body;
	}

	private static String notJson(ServerRequest request) {
		String header = request.headers().firstHeader(HttpHeaders.CONTENT_TYPE);
		if (header == null) {
			return "Content-Type is missing; send the body as application/json";
		}
		try {
			MediaType type = MediaType.parseMediaType(header);
			if (MediaType.APPLICATION_JSON.isCompatibleWith(type) || "json".equals(type.getSubtypeSuffix())) {
				return null;
			}
		}
		catch (InvalidMediaTypeException ex) {
			// answered below as any other type that is not JSON
		}
		return "Content-Type '" + header + "' is not JSON; send the body as application/json";
	}

	private static String where(JacksonException ex) {
		TokenStreamLocation location = ex.getLocation();
		return (location != null && location.getLineNr() > 0)
				? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")" : "";
	}

	private static ServerResponse problem(ServerRequest request, TaskProblem type, String detail) {
		return problem(request, Problems.of(type.status.value(), type.error, type.reason, detail));
	}

	private static ServerResponse problem(ServerRequest request, ProblemDetail problem) {
		Problems.withInstance(problem, request.servletRequest().getRequestURI());
		return ServerResponse.status(problem.getStatus())
			.contentType(Problems.MEDIA_TYPE)
			.body(Problems.toJson(problem));
	}

	private ServerResponse json(ServerResponse.BodyBuilder builder, Map<String, Object> body) {
		return builder.contentType(MediaType.APPLICATION_JSON).body(this.mapper.writeValueAsString(body));
	}

	/**
	 * The problems the task API answers, each with its status, code and fixed
	 * explanation.
	 */
	private enum TaskProblem {

		UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
				"the task API reads JSON bodies only"),

		REQUEST_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "request-too-large", "the request body is larger than allowed"),

		INVALID_JSON(HttpStatus.BAD_REQUEST, "invalid-json", "the request body is not valid JSON"),

		INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid-request",
				"the body is not a task request: {\"taskType\": \"...\", \"params\": {...}}"),

		UNKNOWN_TASK_TYPE(HttpStatus.BAD_REQUEST, "unknown-task-type", "no task type of the application has that name"),

		INVALID_PARAMS(HttpStatus.BAD_REQUEST, "invalid-params", "the params do not fit the task type's parameter"),

		IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
				"the idempotency key was already used with other params"),

		TASK_NOT_FOUND(HttpStatus.NOT_FOUND, "task-not-found", "no task with that id is kept");

		private final HttpStatus status;

		private final String error;

		private final String reason;

		TaskProblem(HttpStatus status, String error, String reason) {
			this.status = status;
			this.error = error;
			this.reason = reason;
		}

	}

}
