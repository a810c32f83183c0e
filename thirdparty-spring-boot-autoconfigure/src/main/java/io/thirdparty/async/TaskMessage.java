package io.thirdparty.async;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One queued call or task as it travels through the queue: what to run (a queued
 * {@code @ThirdPartyCall} method of a bean, or a {@code @ThirdPartyTask} type), its arguments as
 * JSON and its idempotency key. Immutable; how many times it has run is kept with the task's
 * state, not in the message.
 *
 * @param taskId the task's id
 * @param kind what runs it
 * @param name the service of a call, the type of a task
 * @param bean the name of the bean whose method runs
 * @param method the method's signature, as {@link TaskTargets#signature} gives it
 * @param arguments the arguments, a JSON array
 * @param idempotencyKey the key that identifies the work
 * @param enqueuedAt when the message was submitted, in epoch milliseconds
 */
public record TaskMessage(String taskId, Kind kind, String name, String bean, String method, String arguments,
		String idempotencyKey, long enqueuedAt) {

	public TaskMessage {
		Objects.requireNonNull(taskId, "taskId");
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(bean, "bean");
		Objects.requireNonNull(method, "method");
		Objects.requireNonNull(arguments, "arguments");
		Objects.requireNonNull(idempotencyKey, "idempotencyKey");
	}

	/**
	 * Returns the key under which the store remembers the work: a digest of the kind, the name
	 * and the idempotency key, so that the same key given to two services or task types names
	 * two pieces of work.
	 * @return a hexadecimal SHA-256 digest
	 */
	public String storeKey() {
		return sha256(this.kind + "\n" + this.name + "\n" + this.idempotencyKey);
	}

	/**
	 * Returns the message as stream fields.
	 * @return the fields, in a stable order
	 */
	public Map<String, String> toFields() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("id", this.taskId);
		fields.put("kind", this.kind.name());
		fields.put("name", this.name);
		fields.put("bean", this.bean);
		fields.put("method", this.method);
		fields.put("args", this.arguments);
		fields.put("key", this.idempotencyKey);
		fields.put("enqueued", Long.toString(this.enqueuedAt));
		return fields;
	}

	/**
	 * Reads a message from stream fields.
	 * @param fields the fields
	 * @return the message
	 * @throws IllegalArgumentException when a field is missing or malformed
	 */
	public static TaskMessage fromFields(Map<String, String> fields) {
		try {
			return new TaskMessage(fields.get("id"), Kind.valueOf(fields.get("kind")), fields.get("name"),
					fields.get("bean"), fields.get("method"), fields.get("args"), fields.get("key"),
					Long.parseLong(fields.getOrDefault("enqueued", "0")));
		}
		catch (NullPointerException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("Not a third-party task message: " + fields.keySet(), ex);
		}
	}

	/**
	 * Returns the hexadecimal SHA-256 digest of a text.
	 * @param text the text
	 * @return the digest
	 */
	static String sha256(String text) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

	/**
	 * What a message runs.
	 */
	public enum Kind {

		/** A {@code @ThirdPartyCall(mode = QUEUED)} method. */
		CALL,

		/** A {@code @ThirdPartyTask} method. */
		TASK

	}

}
