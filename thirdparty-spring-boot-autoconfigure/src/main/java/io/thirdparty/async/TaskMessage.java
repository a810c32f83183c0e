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
 * {@code @ThirdPartyCall} method of a bean, or a {@code @ThirdPartyTask} type), its
 * arguments as JSON, and the idempotency key its caller gave, if any. Immutable; how many
 * times it has run is kept with the task's state, not in the message.
 * <p>
 * Only a message with an idempotency key is deduplicated: the store remembers the key
 * with the message's {@link #fingerprint() fingerprint}, so that the same key with other
 * arguments is refused rather than answered with the other request's task.
 *
 * @param taskId the task's id
 * @param kind what runs it
 * @param name the service of a call, the type of a task
 * @param bean the name of the bean whose method runs
 * @param method the method's signature, as {@link TaskTargets#signature} gives it
 * @param arguments the arguments, a JSON array
 * @param idempotencyKey the key the caller gave to identify the work, or {@code null} for
 * none (no deduplication)
 * @param fingerprint a digest of what the message runs and its arguments in a canonical
 * form, which tells a reused key from a repeated request
 * @param enqueuedAt when the message was submitted, in epoch milliseconds
 */
public record TaskMessage(String taskId, Kind kind, String name, String bean, String method, String arguments,
		String idempotencyKey, String fingerprint, long enqueuedAt) {

	public TaskMessage {
		Objects.requireNonNull(taskId, "taskId");
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(bean, "bean");
		Objects.requireNonNull(method, "method");
		Objects.requireNonNull(arguments, "arguments");
		Objects.requireNonNull(fingerprint, "fingerprint");
	}

	/**
	 * Returns whether the caller asked for deduplication by giving an idempotency key.
	 * @return {@code true} with a key
	 */
	public boolean deduplicated() {
		return this.idempotencyKey != null;
	}

	/**
	 * Returns the key under which the store remembers the work: a digest of the kind, the
	 * name and the idempotency key, so that the same key given to two services or task
	 * types names two pieces of work.
	 * @return a hexadecimal SHA-256 digest, or {@code null} without an idempotency key
	 */
	public String storeKey() {
		return deduplicated() ? sha256(this.kind + "\n" + this.name + "\n" + this.idempotencyKey) : null;
	}

	/**
	 * Returns the key the work is known by to vendors
	 * ({@code ThirdPartyContext.idempotencyKey()}): the caller's idempotency key, else
	 * the task id. Either stays the same on every run of the task, so a vendor that
	 * deduplicates sees a redelivery as the same request.
	 * @return the key
	 */
	public String vendorKey() {
		return deduplicated() ? this.idempotencyKey : this.taskId;
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
		if (this.idempotencyKey != null) {
			fields.put("key", this.idempotencyKey);
		}
		fields.put("fingerprint", this.fingerprint);
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
					fields.getOrDefault("fingerprint", ""), Long.parseLong(fields.getOrDefault("enqueued", "0")));
		}
		catch (NullPointerException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("Not a third-party task message: " + fields.keySet(), ex);
		}
	}

	/**
	 * Returns the fingerprint of a message: a digest of its kind, name, bean, method and
	 * arguments.
	 * @param kind what runs it
	 * @param name the service of a call, the type of a task
	 * @param bean the bean of a call; ignored for a task, whose type names the work
	 * @param method the method of a call; ignored for a task
	 * @param canonicalArguments the arguments as canonical JSON (object properties
	 * sorted)
	 * @return a hexadecimal SHA-256 digest
	 */
	public static String fingerprint(Kind kind, String name, String bean, String method, String canonicalArguments) {
		String target = (kind == Kind.CALL) ? bean + "\n" + method + "\n" : "";
		return sha256(kind + "\n" + name + "\n" + target + canonicalArguments);
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
