package io.thirdparty.provider;

import io.thirdparty.Provider;

/**
 * Operator actions on providers, by service and provider name: disable and enable a
 * provider, force one provider for its service (switchover) and release it, reset a
 * breaker. Each takes effect on the next call, is logged and published as a
 * {@link ProviderStateChangedEvent}, and lasts until undone or until the provider leaves
 * the configuration; none survives a restart of this instance by itself. The
 * {@code thirdparty} endpoint passes its actions on to the other instances, and applies
 * theirs, through {@link io.thirdparty.operator.OperatorSharing}.
 */
public class ProviderControl {

	private static final String BY_OPERATOR = "by operator";

	private final ServiceRegistry services;

	/**
	 * Creates the control.
	 * @param services the configured services
	 */
	public ProviderControl(ServiceRegistry services) {
		this.services = services;
	}

	/**
	 * Takes a provider out of selection.
	 * @param service the service name
	 * @param provider the provider name
	 * @return the provider, or {@code null} when there is no such provider
	 */
	public Provider disable(String service, String provider) {
		return disable(service, provider, BY_OPERATOR);
	}

	/**
	 * Takes a provider out of selection, as {@link #disable(String, String)} does, for a
	 * given reason, such as an operator's action on another instance.
	 * @param service the service name
	 * @param provider the provider name
	 * @param reason who asked, logged and published with the change
	 * @return the provider, or {@code null} when there is no such provider
	 */
	public Provider disable(String service, String provider, String reason) {
		return act(service, provider, (definition, index) -> this.services.states().disable(definition, index, reason));
	}

	/**
	 * Puts a provider taken out by {@link #disable} back into selection.
	 * @param service the service name
	 * @param provider the provider name
	 * @return the provider, or {@code null} when there is no such provider
	 */
	public Provider enable(String service, String provider) {
		return enable(service, provider, BY_OPERATOR);
	}

	/**
	 * Puts a disabled provider back into selection for a given reason.
	 * @param service the service name
	 * @param provider the provider name
	 * @param reason who asked, logged and published with the change
	 * @return the provider, or {@code null} when there is no such provider
	 */
	public Provider enable(String service, String provider, String reason) {
		return act(service, provider, (definition, index) -> this.services.states().enable(definition, index, reason));
	}

	/**
	 * Gives every call of the service to one provider while that provider is usable.
	 * @param service the service name
	 * @param provider the provider name
	 * @return the provider, or {@code null} when there is no such provider
	 */
	public Provider force(String service, String provider) {
		return force(service, provider, BY_OPERATOR);
	}

	/**
	 * Gives every call of the service to one provider, for a given reason.
	 * @param service the service name
	 * @param provider the provider name
	 * @param reason who asked, logged and published with the change
	 * @return the provider, or {@code null} when there is no such provider
	 */
	public Provider force(String service, String provider, String reason) {
		return act(service, provider, (definition, index) -> this.services.states().force(definition, index, reason));
	}

	/**
	 * Ends the switchover of a service, if any.
	 * @param service the service name
	 * @return {@code true} unless there is no such service
	 */
	public boolean release(String service) {
		return release(service, BY_OPERATOR);
	}

	/**
	 * Ends the switchover of a service, if any, for a given reason.
	 * @param service the service name
	 * @param reason who asked, logged and published with the change
	 * @return {@code true} unless there is no such service
	 */
	public boolean release(String service, String reason) {
		ServiceDefinition definition = this.services.get(service);
		if (definition == null) {
			return false;
		}
		this.services.states().release(definition, reason);
		return true;
	}

	/**
	 * Closes a provider's circuit breaker and forgets the calls it recorded.
	 * @param service the service name
	 * @param provider the provider name
	 * @return the provider, or {@code null} when there is no such provider
	 */
	public Provider resetBreaker(String service, String provider) {
		return act(service, provider, (definition, index) -> {
			definition.guard(index).resetBreaker();
			definition.state(index).resetConsecutiveFailures();
		});
	}

	private Provider act(String service, String provider, Action action) {
		ServiceDefinition definition = this.services.get(service);
		int index = (definition != null && provider != null) ? definition.indexOf(provider) : -1;
		if (index < 0) {
			return null;
		}
		action.apply(definition, index);
		return definition.provider(index);
	}

	@FunctionalInterface
	private interface Action {

		void apply(ServiceDefinition service, int index);

	}

}
