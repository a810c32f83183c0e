package io.thirdparty.provider;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

import io.thirdparty.Provider;
import io.thirdparty.provider.ProviderStateChangedEvent.Change;

/**
 * Keeps the {@link ProviderState} of every configured provider under
 * {@code <service>.<provider>}, across configuration reloads, and makes every change of a
 * provider's standing: each change is logged and published as a
 * {@link ProviderStateChangedEvent}. A lookup never creates a state; states are created
 * when the registry builds a service and dropped when their provider leaves the
 * configuration.
 */
public class ProviderStates {

	private static final Log logger = LogFactory.getLog(ProviderStates.class);

	private final Map<String, ProviderState> states = new ConcurrentHashMap<>();

	private final ApplicationEventPublisher publisher;

	private final Clock clock;

	/**
	 * Creates a store that publishes nothing, for use without an application context.
	 */
	public ProviderStates() {
		this((event) -> {
		}, Clock.systemUTC());
	}

	/**
	 * Creates a store.
	 * @param publisher publishes the changes
	 * @param clock dates errors and checks
	 */
	public ProviderStates(ApplicationEventPublisher publisher, Clock clock) {
		this.publisher = publisher;
		this.clock = clock;
	}

	public Clock clock() {
		return this.clock;
	}

	/**
	 * Returns the state of a provider, creating it for a provider just configured.
	 * @param provider the provider
	 * @return its state
	 */
	ProviderState obtain(Provider provider) {
		return this.states.computeIfAbsent(provider.id(), ProviderState::new);
	}

	/**
	 * Returns the state of a provider.
	 * @param id the provider's identifier, {@code <service>.<provider>}
	 * @return the state, or {@code null} when no such provider is configured
	 */
	public ProviderState find(String id) {
		return this.states.get(id);
	}

	/**
	 * Drops the states of providers no longer configured.
	 * @param ids identifiers of the providers that remain
	 */
	void retain(Set<String> ids) {
		this.states.keySet().retainAll(ids);
	}

	/**
	 * Takes a provider out of selection until {@link #enable enabled}.
	 * @param service the provider's service
	 * @param index the provider's index
	 * @param reason who or what asked
	 * @return {@code true} when the provider was not disabled before
	 */
	public boolean disable(ServiceDefinition service, int index, String reason) {
		Provider provider = service.provider(index);
		if (!service.state(index).change(ProviderState.DISABLED, true, reason)) {
			return false;
		}
		if ((service.usable() & ~(1L << index)) == 0) {
			logger.warn("Third-party provider " + provider + " disabled (" + reason + "); service '" + service.name()
					+ "' has no other usable provider");
		}
		changed(provider, Change.DISABLED, reason);
		return true;
	}

	/**
	 * Puts a provider disabled by {@link #disable} back into selection.
	 * @param service the provider's service
	 * @param index the provider's index
	 * @param reason who or what asked
	 * @return {@code true} when the provider was disabled before
	 */
	public boolean enable(ServiceDefinition service, int index, String reason) {
		if (!service.state(index).change(ProviderState.DISABLED, false, null)) {
			return false;
		}
		changed(service.provider(index), Change.ENABLED, reason);
		return true;
	}

	/**
	 * Gives every call of a service to one provider (switchover) until {@link #release
	 * released}. While the forced provider is not usable (disabled, ejected, breaker
	 * open) the service selects by its strategy as usual.
	 * @param service the service
	 * @param index the provider to force
	 * @param reason who or what asked
	 * @return {@code true} when the provider was not forced before
	 */
	public synchronized boolean force(ServiceDefinition service, int index, String reason) {
		for (int i = 0; i < service.providers().size(); i++) {
			if (i != index && service.state(i).change(ProviderState.FORCED, false, null)) {
				changed(service.provider(i), Change.RELEASED, "replaced by " + service.provider(index).name());
			}
		}
		if (!service.state(index).change(ProviderState.FORCED, true, reason)) {
			return false;
		}
		changed(service.provider(index), Change.FORCED, reason);
		return true;
	}

	/**
	 * Ends a switchover: the service selects by its strategy again.
	 * @param service the service
	 * @param reason who or what asked
	 * @return {@code true} when a provider was forced before
	 */
	public synchronized boolean release(ServiceDefinition service, String reason) {
		boolean released = false;
		for (int i = 0; i < service.providers().size(); i++) {
			if (service.state(i).change(ProviderState.FORCED, false, null)) {
				changed(service.provider(i), Change.RELEASED, reason);
				released = true;
			}
		}
		return released;
	}

	/**
	 * Takes a provider out of selection because its health checks fail.
	 * @param provider the provider
	 * @param state its state
	 * @param reason what the checks saw
	 * @return {@code true} when the provider was not ejected before
	 */
	public boolean eject(Provider provider, ProviderState state, String reason) {
		if (!state.change(ProviderState.EJECTED | ProviderState.FAILING, true, reason)) {
			return false;
		}
		changed(provider, Change.EJECTED, reason);
		return true;
	}

	/**
	 * Records that a provider fails its health checks while it stays in selection,
	 * because its service has no other usable provider.
	 * @param provider the provider
	 * @param state its state
	 * @param reason what the checks saw
	 * @return {@code true} when the provider was not failing its checks before
	 */
	public boolean failing(Provider provider, ProviderState state, String reason) {
		if (!state.change(ProviderState.FAILING, true, reason)) {
			return false;
		}
		changed(provider, Change.FAILING, reason + "; kept in selection as the last usable provider");
		return true;
	}

	/**
	 * Ends what {@link #eject} or {@link #failing} recorded: the provider passes its
	 * checks again, or is no longer checked, and is back in selection.
	 * @param provider the provider
	 * @param state its state
	 * @param reason why
	 * @return {@code true} when the provider was ejected or failing before
	 */
	public boolean restore(Provider provider, ProviderState state, String reason) {
		if (!state.change(ProviderState.EJECTED | ProviderState.FAILING, false, null)) {
			return false;
		}
		changed(provider, Change.RESTORED, reason);
		return true;
	}

	/**
	 * Logs and publishes a change that the state does not hold itself, such as a circuit
	 * breaker opening or closing.
	 * @param provider the provider
	 * @param change what changed
	 * @param reason why
	 */
	public void changed(Provider provider, Change change, String reason) {
		String message = "Third-party provider " + provider + " " + change.name().toLowerCase() + ": " + reason;
		if (change == Change.EJECTED || change == Change.FAILING) {
			logger.warn(message);
		}
		else {
			logger.info(message);
		}
		publish(new ProviderStateChangedEvent(this, provider, change, reason));
	}

	/**
	 * Publishes an event; a failing listener is logged and does not disturb the change or
	 * the call that caused it.
	 * @param event the event
	 */
	public void publish(ApplicationEvent event) {
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener failed on " + event, ex);
		}
	}

}
