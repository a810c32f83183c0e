package io.thirdparty.async.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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

/**
 * The task API over HTTP, as Spring MVC functional routes under a base path:
 * <ul>
 * <li>{@code POST <base>} with {@code {"taskType": "...", "params": {...}}} (and optionally
 * {@code "idempotencyKey"}, or an {@code Idempotency-Key} header) starts a task: {@code 202} with
 * {@code {taskId, status}} and a {@code Location} to check it. Only a request with a key is
 * deduplicated: the same key with the same params answers the task it started;</li>
 * <li>{@code GET <base>/{taskId}} checks one: {@code 200} with {@code {taskId, status, result}}
 * or {@code {taskId, status, error}}.</li>
 * </ul>
 * Errors are JSON {@code {status, error, message}}: {@code 400} for a malformed body, an unknown
 * task type or params that do not fit, {@code 404} for an unknown task, {@code 413} for a body
 * over the limit, {@code 422} for an idempotency key already used with other params,
 * {@code 503} when the task store does not answer (to a start or a check).
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
		byte[] body;
		try (InputStream in = request.servletRequest().getInputStream()) {
			body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.maxRequestSize + 1));
		}
		if (body.length > this.maxRequestSize) {
			return error(HttpStatus.CONTENT_TOO_LARGE, "The body is larger than " + this.maxRequestSize + " bytes");
		}
		JsonNode root;
		try {
			root = this.mapper.readTree(body);
		}
		catch (JacksonException ex) {
			return error(HttpStatus.BAD_REQUEST, "The body is not valid JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject()) {
			return error(HttpStatus.BAD_REQUEST, "The body must be a JSON object: {\"taskType\": \"...\", \"params\": {...}}");
		}
		JsonNode type = root.get("taskType");
		if (type == null || !type.isString() || type.stringValue().isBlank()) {
			return error(HttpStatus.BAD_REQUEST, "taskType is required: the name of a task type, as a string");
		}
		JsonNode params = root.get("params");
		if (params == null) {
			return error(HttpStatus.BAD_REQUEST, "params is required: the task's parameters, e.g. an object");
		}
		String key = request.headers().firstHeader("Idempotency-Key");
		JsonNode keyNode = root.get("idempotencyKey");
		if (key == null && keyNode != null && !keyNode.isNull()) {
			if (!keyNode.isString()) {
				return error(HttpStatus.BAD_REQUEST, "idempotencyKey must be a string");
			}
			key = keyNode.stringValue();
		}
		if (key != null && (key.isBlank() || key.length() > MAX_KEY_LENGTH)) {
			return error(HttpStatus.BAD_REQUEST, "The idempotency key must be 1 to " + MAX_KEY_LENGTH + " characters");
		}
		TaskState state;
		try {
			state = this.tasks.start(type.stringValue(), params, key);
		}
		catch (UnknownTaskTypeException ex) {
			return error(HttpStatus.BAD_REQUEST, "Unknown task type '" + ex.taskType() + "'");
		}
		catch (InvalidTaskParametersException ex) {
			return error(HttpStatus.BAD_REQUEST, ex.getMessage());
		}
		catch (IdempotencyKeyReusedException ex) {
			return error(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
		}
		catch (TaskSubmissionException ex) {
			return error(HttpStatus.SERVICE_UNAVAILABLE, "The task store is unavailable; nothing was started, try again");
		}
		catch (TaskLookupException ex) {
			// the key named an earlier task, whose state could not be read: starting again is safe
			return error(HttpStatus.SERVICE_UNAVAILABLE, "The task store is unavailable; try again");
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
			return error(HttpStatus.SERVICE_UNAVAILABLE,
					"The task store is unavailable; the state of task '" + taskId + "' is unknown, try again");
		}
		return state.map((found) -> json(ServerResponse.ok(), body(found)))
			.orElseGet(() -> error(HttpStatus.NOT_FOUND, "No task '" + taskId + "'"));
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

	private ServerResponse error(HttpStatus status, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", status.value());
		body.put("error", status.getReasonPhrase());
		body.put("message", message);
		return json(ServerResponse.status(status), body);
	}

	private ServerResponse json(ServerResponse.BodyBuilder builder, Map<String, Object> body) {
		return builder.contentType(MediaType.APPLICATION_JSON).body(this.mapper.writeValueAsString(body));
	}

}
