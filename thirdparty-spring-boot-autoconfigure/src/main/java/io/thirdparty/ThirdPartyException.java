package io.thirdparty;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import io.thirdparty.resilience.FailureKind;

/**
 * Thrown when a {@link ThirdPartyCall} could not be served by any provider and no
 * fallback answered. Names the service, says why ({@link #kind()}) and keeps every
 * attempt with its cause.
 */
public class ThirdPartyException extends RuntimeException {

	private final String service;

	private final Kind kind;

	private final List<Attempt> attempts;

	/**
	 * Creates an exception for a service whose attempts all failed.
	 * @param service the service name
	 * @param attempts every attempt made, in order
	 */
	public ThirdPartyException(String service, List<Attempt> attempts) {
		this(service, Kind.PROVIDERS_FAILED, attempts, null);
	}

	/**
	 * Creates an exception for a service that could not serve a call.
	 * @param service the service name
	 * @param kind why the call failed
	 * @param attempts every attempt made, in order
	 * @param cause what ended the call, or {@code null} for the last attempt's cause
	 */
	public ThirdPartyException(String service, Kind kind, List<Attempt> attempts, Throwable cause) {
		super(message(service, kind, attempts, cause),
				(cause != null) ? cause : attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).cause());
		this.service = service;
		this.kind = kind;
		this.attempts = List.copyOf(attempts);
		for (int i = 0; i < this.attempts.size() - ((cause != null) ? 0 : 1); i++) {
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
	 * Returns why the call failed.
	 * @return the kind of failure
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * Returns every attempt made, in order, each with its provider, what its failure
	 * meant, its cause and how long it took; providers that could not be tried at all
	 * appear as {@link FailureKind#REJECTED} attempts of no duration.
	 * @return the attempts
	 */
	public List<Attempt> attempts() {
		return this.attempts;
	}

	private static String message(String service, Kind kind, List<Attempt> attempts, Throwable cause) {
		String prefix = "Third-party service '" + service + "' failed"
				+ ((kind == Kind.QUOTA_EXHAUSTED) ? " (quota exhausted)" : "");
		String because = (cause != null && cause.getMessage() != null) ? ": " + cause.getMessage() : "";
		if (attempts.isEmpty()) {
			return prefix + (because.isEmpty() ? ": no provider was available" : because);
		}
		return prefix + because + (because.isEmpty() ? " after " : "; after ") + attempts.size() + " attempt(s): "
				+ attempts.stream().map(Attempt::describe).collect(Collectors.joining("; "));
	}

	/**
	 * Why a call failed.
	 */
	public enum Kind {

		/**
		 * Every provider tried failed, or none could be tried (disabled, ejected, breaker
		 * open).
		 */
		PROVIDERS_FAILED,

		/**
		 * A quota ended the call: the service's own quota, or the quota of every provider
		 * left to try, is spent for its current window. The cause is the quota's
		 * exception when the service's quota ended it.
		 */
		QUOTA_EXHAUSTED

	}

	/**
	 * One failed attempt, as the pipeline recorded it when the attempt ended: its failure
	 * is classified once, and metrics, events, the provider's breaker, retry and
	 * {@link #attempts()} all read this record.
	 *
	 * @param provider the provider that was tried
	 * @param kind what the failure means for the call
	 * @param cause why it failed
	 * @param duration how long the attempt took until it failed
	 */
	public record Attempt(Provider provider, FailureKind kind, Throwable cause, Duration duration) {

		/**
		 * Creates a record of a failed attempt whose kind and duration are unknown: a
		 * {@link FailureKind#VENDOR_FAILURE}, which is what the classifier makes of a
		 * failure it does not recognise, of no duration.
		 * @param provider the provider that was tried
		 * @param cause why it failed
		 * @deprecated use the canonical constructor, which says what the failure means
		 */
		@Deprecated
		public Attempt(Provider provider, Throwable cause) {
			this(provider, FailureKind.VENDOR_FAILURE, cause, Duration.ZERO);
		}

		String describe() {
			return this.provider.name() + " -> " + this.cause.getClass().getSimpleName()
					+ ((this.cause.getMessage() != null) ? ": " + this.cause.getMessage() : "");
		}

	}

}
