package io.thirdparty;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a {@link ThirdPartyCall} could not be served by any provider and no fallback
 * answered. Names the service and keeps every attempt with its cause.
 */
public class ThirdPartyException extends RuntimeException {

	private final String service;

	private final List<Attempt> attempts;

	/**
	 * Creates an exception for a service whose attempts all failed.
	 * @param service the service name
	 * @param attempts every attempt made, in order
	 */
	public ThirdPartyException(String service, List<Attempt> attempts) {
		super(message(service, attempts), attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).cause());
		this.service = service;
		this.attempts = List.copyOf(attempts);
		for (int i = 0; i < this.attempts.size() - 1; i++) {
			addSuppressed(this.attempts.get(i).cause());
		}
	}

	/**
	 * Returns the name of the service that failed.
	 * @return the service name
	 */
	public String service() {
		return this.service;
	}

	/**
	 * Returns every attempt made, in order, each with its provider and cause.
	 * @return the attempts
	 */
	public List<Attempt> attempts() {
		return this.attempts;
	}

	private static String message(String service, List<Attempt> attempts) {
		if (attempts.isEmpty()) {
			return "Third-party service '" + service + "' failed: no provider was available";
		}
		return "Third-party service '" + service + "' failed after " + attempts.size() + " attempt(s): "
				+ attempts.stream().map(Attempt::describe).collect(Collectors.joining("; "));
	}

	/**
	 * One failed attempt.
	 *
	 * @param provider the provider that was tried
	 * @param cause why it failed
	 */
	public record Attempt(Provider provider, Throwable cause) {

		String describe() {
			return this.provider.name() + " -> " + this.cause.getClass().getSimpleName()
					+ ((this.cause.getMessage() != null) ? ": " + this.cause.getMessage() : "");
		}

	}

}
