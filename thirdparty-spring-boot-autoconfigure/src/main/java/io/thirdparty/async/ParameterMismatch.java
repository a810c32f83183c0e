package io.thirdparty.async;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Period;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Says in the caller's terms why params do not convert to a task's parameter type: which
 * parameter, and what it should be ({@code parameter 'amount': expected a whole number}),
 * never Jackson's message, its feature names or a Java class name.
 */
final class ParameterMismatch {

	private ParameterMismatch() {
	}

	/**
	 * Describes a conversion failure.
	 * @param ex the failure
	 * @param params the params as sent, or {@code null} when they are not at hand as JSON
	 * @return what does not fit
	 */
	static String describe(JacksonException ex, JsonNode params) {
		List<JacksonException.Reference> path = ex.getPath();
		String where = path.isEmpty() ? "params" : "parameter '" + path(path) + "'";
		if (ex instanceof UnrecognizedPropertyException) {
			return where + ": not a parameter of this task";
		}
		if (ex instanceof ValueInstantiationException instantiation) {
			Throwable cause = instantiation.getCause();
			return where + ": refused" + ((cause instanceof IllegalArgumentException && cause.getMessage() != null)
					? " (" + cause.getMessage() + ")" : "");
		}
		if (ex instanceof InputCoercionException) {
			return where + ": the number is out of range";
		}
		Class<?> target = (ex instanceof MismatchedInputException mismatch) ? mismatch.getTargetType() : null;
		String expected = expected(target);
		if (!path.isEmpty() && isMissing(params, path)) {
			return where + ": missing, expected " + expected;
		}
		return where + ": expected " + expected;
	}

	private static String path(List<JacksonException.Reference> path) {
		StringBuilder text = new StringBuilder();
		for (JacksonException.Reference reference : path) {
			if (reference.getPropertyName() != null) {
				text.append((text.length() > 0) ? "." : "").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				text.append('[').append(reference.getIndex()).append(']');
			}
		}
		return text.toString();
	}

	private static boolean isMissing(JsonNode params, List<JacksonException.Reference> path) {
		if (params == null) {
			return false;
		}
		JsonNode node = params;
		for (JacksonException.Reference reference : path) {
			if (node == null || node.isNull()) {
				return true;
			}
			node = (reference.getPropertyName() != null) ? node.get(reference.getPropertyName())
					: node.get(reference.getIndex());
		}
		return node == null || node.isNull();
	}

	private static String expected(Class<?> type) {
		if (type == null) {
			return "another value";
		}
		if (type == byte.class || type == short.class || type == int.class || type == long.class || type == Byte.class
				|| type == Short.class || type == Integer.class || type == Long.class
				|| type == java.math.BigInteger.class) {
			return "a whole number";
		}
		if ((type.isPrimitive() && type != boolean.class && type != char.class)
				|| Number.class.isAssignableFrom(type)) {
			return "a number";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
			return "a string";
		}
		if (type.isEnum()) {
			return "one of " + Arrays.stream(type.getEnumConstants())
				.map((constant) -> ((Enum<?>) constant).name())
				.collect(Collectors.joining(", "));
		}
		if (type.isArray() || Collection.class.isAssignableFrom(type)) {
			return "a list";
		}
		if (TemporalAccessor.class.isAssignableFrom(type) || Date.class.isAssignableFrom(type)) {
			return "an ISO-8601 date or time";
		}
		if (type == Duration.class || type == Period.class) {
			return "an ISO-8601 duration";
		}
		if (type == UUID.class) {
			return "a UUID";
		}
		if (type == URI.class || type == URL.class) {
			return "a URI";
		}
		return (Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")) ? "an object"
				: "another value";
	}

}
