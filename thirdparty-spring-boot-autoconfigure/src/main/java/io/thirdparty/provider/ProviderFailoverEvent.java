package io.thirdparty.provider;

import org.springframework.context.ApplicationEvent;

import io.thirdparty.Provider;

/**
 * Published when a call moves to another provider after an attempt failed.
 */
public class ProviderFailoverEvent extends ApplicationEvent {

	private final transient Provider from;

	private final transient Provider to;

	private final transient Throwable cause;

	private final int attempt;

	/**
	 * Creates an event.
	 * @param source the component that saw the failover
	 * @param from the provider whose attempt failed
	 * @param to the provider of the next attempt
	 * @param cause why the previous attempt failed
	 * @param attempt the number of the attempt made on {@code to}, from 2
	 */
	public ProviderFailoverEvent(Object source, Provider from, Provider to, Throwable cause, int attempt) {
		super(source);
		this.from = from;
		this.to = to;
		this.cause = cause;
		this.attempt = attempt;
	}

	/**
	 * Returns the name of the service.
	 * @return the service
	 */
	public String getService() {
		return this.to.service();
	}

	public Provider getFrom() {
		return this.from;
	}

	public Provider getTo() {
		return this.to;
	}

	/**
	 * Returns the failure of the previous attempt.
	 * @return the failure, or {@code null} when unknown
	 */
	public Throwable getCause() {
		return this.cause;
	}

	public int getAttempt() {
		return this.attempt;
	}

	@Override
	public String toString() {
		return "ProviderFailoverEvent[" + getService() + ": " + this.from.name() + " -> " + this.to.name() + "]";
	}

}
