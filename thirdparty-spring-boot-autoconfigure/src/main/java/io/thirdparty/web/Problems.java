package io.thirdparty.web;

import java.net.URI;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import io.thirdparty.ThirdPartyException;
import io.thirdparty.async.TaskSubmissionException;

/**
 * Makes the starter's HTTP error answers: RFC 9457 problem details, answered as
 * {@code application/problem+json}, the same shape for the task API, callback refusals
 * and the {@code thirdparty} endpoint.
 * <p>
 * Every problem has a stable {@code type}, {@code urn:thirdparty:problem:<error>} (a
 * name, not a page to fetch), the HTTP reason phrase as {@code title}, the
 * {@code status}, a {@code detail} saying what was wrong with this request, and two
 * members of the starter's own: {@code error}, the short code the type ends with, and
 * {@code reason}, the fixed explanation of that code. A detail names what the caller sent
 * or may send, never a library's message or a class name.
 * <p>
 * An application answering its own failures in the same shape uses {@link #of} or
 * {@link #serviceUnavailable}, e.g. from an {@code @ExceptionHandler}.
 */
public final class Problems {

	/** Beginning of every problem type; the error code follows. */
	public static final String TYPE_PREFIX = "urn:thirdparty:problem:";

	/** Member holding the short code of the problem, the end of its type. */
	public static final String ERROR = "error";

	/** Member holding the fixed explanation of the code. */
	public static final String REASON = "reason";

	/** Media type of every problem answer. */
	public static final MediaType MEDIA_TYPE = MediaType.APPLICATION_PROBLEM_JSON;

	/** Code of {@link #serviceUnavailable}. */
	public static final String SERVICE_UNAVAILABLE = "service-unavailable";

	/** Code of {@link #taskStoreUnavailable}. */
	public static final String TASK_STORE_UNAVAILABLE = "task-store-unavailable";

	private Problems() {
	}

	/**
	 * Creates a problem.
	 * @param status the HTTP status
	 * @param error the short code, e.g. {@code invalid-signature}: the end of the type
	 * @param reason the fixed explanation of the code
	 * @param detail what was wrong with this request
	 * @return the problem
	 */
	public static ProblemDetail of(int status, String error, String reason, String detail) {
		ProblemDetail problem = ProblemDetail.forStatus(status);
		problem.setType(type(error));
		HttpStatus known = HttpStatus.resolve(status);
		problem.setTitle((known != null) ? known.getReasonPhrase() : Integer.toString(status));
		problem.setDetail(detail);
		problem.setProperty(ERROR, error);
		problem.setProperty(REASON, reason);
		return problem;
	}

	/**
	 * Sets the {@code instance} of a problem: the path of the request it answers, as
	 * Spring MVC sets it for the problems it answers.
	 * @param problem the problem
	 * @param requestUri the request's path, as received (encoded)
	 * @return the problem
	 */
	public static ProblemDetail withInstance(ProblemDetail problem, String requestUri) {
		try {
			problem.setInstance(URI.create(requestUri));
		}
		catch (IllegalArgumentException ex) {
			// a path the server accepted but that is no URI reference: the problem goes
			// without it
			problem.setInstance(null);
		}
		return problem;
	}

	/**
	 * Returns the type of a code.
	 * @param error the code
	 * @return {@code urn:thirdparty:problem:<error>}
	 */
	public static URI type(String error) {
		return URI.create(TYPE_PREFIX + error);
	}

	/**
	 * Creates the {@code 503} answer of a call that no provider could serve, naming the
	 * service and how many attempts failed, never the vendors' messages (they stay in the
	 * exception).
	 * @param failure the failure
	 * @return the problem, with the {@code service} and its {@code attempts} as members
	 */
	public static ProblemDetail serviceUnavailable(ThirdPartyException failure) {
		int attempts = failure.attempts().size();
		String detail = "Third-party service '" + failure.service() + "' could not answer: "
				+ ((attempts == 0) ? "no provider was available" : attempts + " attempt(s) failed")
				+ "; try again later";
		ProblemDetail problem = of(HttpStatus.SERVICE_UNAVAILABLE.value(), SERVICE_UNAVAILABLE,
				"no provider of the third-party service could answer", detail);
		problem.setProperty("service", failure.service());
		problem.setProperty("attempts", attempts);
		return problem;
	}

	/**
	 * Creates the {@code 503} answer of a task or queued call that could not be recorded:
	 * nothing was accepted, so the same request may be sent again.
	 * @param failure the failure
	 * @return the problem
	 */
	public static ProblemDetail taskStoreUnavailable(TaskSubmissionException failure) {
		return of(HttpStatus.SERVICE_UNAVAILABLE.value(), TASK_STORE_UNAVAILABLE,
				"the task store did not answer; nothing was accepted",
				"The task store is unavailable; nothing was accepted for '" + failure.name() + "', try again");
	}

	/**
	 * Creates the {@code 503} answer of a task whose state could not be read: whether it
	 * exists, and how far it got, is unknown, so the same request may be sent again.
	 * @param taskId the task asked about
	 * @return the problem
	 */
	public static ProblemDetail taskLookupUnavailable(String taskId) {
		return of(HttpStatus.SERVICE_UNAVAILABLE.value(), TASK_STORE_UNAVAILABLE,
				"the task store did not answer; the task's state is unknown",
				"The task store is unavailable; the state of task '" + taskId + "' is unknown, try again");
	}

	/**
	 * Writes a problem as JSON, members in RFC 9457's order and then the problem's own,
	 * for the places that answer before any message converter is at hand (a handler
	 * interceptor) and whatever JSON library the application has. Writes strings,
	 * numbers, booleans, collections and maps of them; other values as their text.
	 * @param problem the problem
	 * @return the JSON
	 */
	public static String toJson(ProblemDetail problem) {
		StringBuilder json = new StringBuilder(256).append('{');
		boolean first = member(json, true, "type", (problem.getType() != null) ? problem.getType().toString() : null);
		first = member(json, first, "title", problem.getTitle());
		first = member(json, first, "status", problem.getStatus());
		first = member(json, first, "detail", problem.getDetail());
		first = member(json, first, "instance",
				(problem.getInstance() != null) ? problem.getInstance().toString() : null);
		if (problem.getProperties() != null) {
			for (Map.Entry<String, Object> property : problem.getProperties().entrySet()) {
				first = member(json, first, property.getKey(), property.getValue());
			}
		}
		return json.append('}').toString();
	}

	private static boolean member(StringBuilder json, boolean first, String name, Object value) {
		if (value == null) {
			return first;
		}
		if (!first) {
			json.append(',');
		}
		string(json, name);
		json.append(':');
		value(json, value);
		return false;
	}

	private static void value(StringBuilder json, Object value) {
		if (value == null) {
			json.append("null");
		}
		else if (value instanceof Number || value instanceof Boolean) {
			json.append(value);
		}
		else if (value instanceof Collection<?> collection) {
			json.append('[');
			for (Iterator<?> items = collection.iterator(); items.hasNext();) {
				value(json, items.next());
				if (items.hasNext()) {
					json.append(',');
				}
			}
			json.append(']');
		}
		else if (value instanceof Map<?, ?> map) {
			json.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!first) {
					json.append(',');
				}
				string(json, String.valueOf(entry.getKey()));
				json.append(':');
				value(json, entry.getValue());
				first = false;
			}
			json.append('}');
		}
		else {
			string(json, value.toString());
		}
	}

	private static void string(StringBuilder json, String text) {
		json.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20 || c == '\u2028' || c == '\u2029') {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

}
