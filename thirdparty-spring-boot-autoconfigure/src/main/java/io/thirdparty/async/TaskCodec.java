package io.thirdparty.async;

import java.lang.reflect.Type;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.JsonNodeFeature;

/**
 * Writes and reads what crosses the queue as JSON with Jackson 3: a call's arguments
 * (read back as the method's declared parameter types, never as types named in the data),
 * a task's params and its result.
 */
public class TaskCodec {

	private final ObjectMapper mapper;

	/**
	 * Creates the codec.
	 * @param mapper the application's JSON mapper
	 */
	public TaskCodec(ObjectMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * Writes arguments as a JSON array.
	 * @param arguments the arguments
	 * @return the JSON
	 * @throws IllegalArgumentException when an argument cannot be written as JSON
	 */
	public String writeArguments(Object[] arguments) {
		try {
			return this.mapper.writeValueAsString((arguments != null) ? arguments : new Object[0]);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(
					"The arguments of a queued call must be writable as JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Rewrites JSON in a canonical form, every object's properties sorted by name, so
	 * that two requests differing only in property order compare equal.
	 * @param json the JSON
	 * @return the canonical JSON
	 */
	public String canonical(String json) {
		return this.mapper.writer()
			.with(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
			.writeValueAsString(this.mapper.readTree(json));
	}

	/**
	 * Reads arguments written by {@link #writeArguments}.
	 * @param json the JSON array
	 * @param types the method's parameter types
	 * @return the arguments
	 * @throws UnrunnableTaskException when they do not read as those types
	 */
	public Object[] readArguments(String json, Type[] types) {
		try {
			JsonNode array = this.mapper.readTree(json);
			if (!array.isArray() || array.size() != types.length) {
				// not the arguments themselves: the message is logged and kept as the
				// task's error
				throw new UnrunnableTaskException("Expected " + types.length + " arguments, found "
						+ (array.isArray() ? array.size() : "no JSON array"));
			}
			Object[] arguments = new Object[types.length];
			for (int i = 0; i < types.length; i++) {
				arguments[i] = this.mapper.treeToValue(array.get(i), this.mapper.constructType(types[i]));
			}
			return arguments;
		}
		catch (JacksonException ex) {
			// Jackson's message may quote an argument's value; where it failed is enough
			throw new UnrunnableTaskException("The arguments no longer read as the method's parameters, at "
					+ ex.getPathReference() + " (" + ex.getClass().getSimpleName() + ")", ex);
		}
	}

	/**
	 * Converts a task's params to the task method's parameter type.
	 * @param params the params (a map, a JSON tree, or an object of the type itself)
	 * @param type the parameter type
	 * @return the converted value
	 * @throws IllegalArgumentException when they do not convert, saying which parameter
	 * does not fit and what it should be, in the caller's terms (no library message, no
	 * class name)
	 */
	public Object convert(Object params, Type type) {
		try {
			return this.mapper.convertValue(params, this.mapper.constructType(type));
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(ParameterMismatch.describe(ex, tree(params)), ex);
		}
	}

	private JsonNode tree(Object params) {
		if (params instanceof JsonNode node) {
			return node;
		}
		try {
			return this.mapper.valueToTree(params);
		}
		catch (JacksonException ex) {
			// only to tell a missing parameter from a wrong one: without the tree it is
			// called wrong
			return null;
		}
	}

	/**
	 * Writes a result as JSON.
	 * @param result the result, possibly {@code null}
	 * @return the JSON
	 */
	public String writeResult(Object result) {
		return this.mapper.writeValueAsString(result);
	}

	/**
	 * Reads a result as plain JSON values.
	 * @param json the JSON, possibly {@code null}
	 * @return maps, lists, strings, numbers, booleans or {@code null}
	 */
	public Object readResult(String json) {
		return (json != null) ? this.mapper.readValue(json, Object.class) : null;
	}

	/**
	 * Returns the mapper.
	 * @return the mapper
	 */
	public ObjectMapper mapper() {
		return this.mapper;
	}

}
