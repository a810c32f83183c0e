package io.thirdparty.provider;

import org.springframework.context.ApplicationEvent;

import io.thirdparty.Provider;

/**
 * Published when a provider leaves or rejoins selection, starts or stops failing its
 * health checks while kept in selection, or an operator changes it: listen to it to alert
 * on a vendor outage or to audit switchovers.
 */
public class ProviderStateChangedEvent extends ApplicationEvent {

	private final transient Provider provider;

	private final Change change;

	private final String reason;

	/**
	 * Creates an event.
	 * @param source the component that made the change
	 * @param provider the provider that changed
	 * @param change what changed
	 * @param reason why, in words
	 */
	public ProviderStateChangedEvent(Object source, Provider provider, Change change, String reason) {
		super(source);
		this.provider = provider;
		this.change = change;
		this.reason = reason;
	}

	public Provider getProvider() {
		return this.provider;
	}

	public Change getChange() {
		return this.change;
	}

	/**
	 * Returns why the provider changed, for example
	 * {@code "health check failed 3 times in a row:
	 * HTTP 500"} or {@code "by operator"}.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	@Override
	public String toString() {
		return "ProviderStateChangedEvent[" + this.provider.id() + " " + this.change + ": " + this.reason + "]";
	}

	/**
	 * What happened to a provider.
	 */
	public enum Change {

		/**
		 * Taken out of selection by a failing health check or an opening circuit breaker.
		 */
		EJECTED,

		/**
		 * Fails its health checks but stays in selection, as its service has no other
		 * usable provider; alert on it as on {@link #EJECTED}.
		 */
		FAILING,

		/** Back in selection, or passing its health checks again, after it recovered. */
		RESTORED,

		/** Taken out of selection by an operator. */
		DISABLED,

		/** Put back into selection by an operator. */
		ENABLED,

		/** Given every call of its service by an operator (switchover). */
		FORCED,

		/** No longer forced: its service selects by strategy again. */
		RELEASED

	}

}
