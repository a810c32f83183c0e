package io.thirdparty.health;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Consumer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;

import io.thirdparty.provider.ProviderState;
import io.thirdparty.provider.ProviderStateChangedEvent.Change;
import io.thirdparty.provider.ProviderStates;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;

/**
 * Passive ejection: reports a provider as ejected when its circuit breaker opens on real
 * traffic, and as restored when the breaker closes again after its half-open probes. The
 * breaker itself takes the provider out of selection; this listener makes the change
 * visible (log and {@link io.thirdparty.provider.ProviderStateChangedEvent}). It follows
 * every breaker, including those replaced by a configuration reload.
 */
public class CircuitBreakerEjections implements Consumer<Collection<ServiceDefinition>> {

	private final ServiceRegistry services;

	private final ProviderStates states;

	private final Set<CircuitBreaker> watched = Collections.newSetFromMap(new WeakHashMap<>());

	/**
	 * Creates the listener; {@link #accept} it the current services to start following
	 * them.
	 * @param services finds a breaker's provider as currently configured
	 * @param states reports the changes
	 */
	public CircuitBreakerEjections(ServiceRegistry services, ProviderStates states) {
		this.services = services;
		this.states = states;
	}

	/**
	 * Follows the breakers of the given services that are not followed yet.
	 * @param definitions the services now configured
	 */
	@Override
	public synchronized void accept(Collection<ServiceDefinition> definitions) {
		for (ServiceDefinition service : definitions) {
			for (int i = 0; i < service.providers().size(); i++) {
				CircuitBreaker breaker = service.guard(i).getCircuitBreaker();
				if (breaker != null && this.watched.add(breaker)) {
					String serviceName = service.name();
					String providerName = service.provider(i).name();
					breaker.getEventPublisher()
						.onStateTransition((event) -> transitioned(serviceName, providerName, breaker, event));
				}
			}
		}
	}

	private void transitioned(String serviceName, String providerName, CircuitBreaker breaker,
			CircuitBreakerOnStateTransitionEvent event) {
		ServiceDefinition service = this.services.get(serviceName);
		int index = (service != null) ? service.indexOf(providerName) : -1;
		if (index < 0 || service.guard(index).getCircuitBreaker() != breaker) {
			return;
		}
		State from = event.getStateTransition().getFromState();
		State to = event.getStateTransition().getToState();
		if (isOpen(to) && !isOpen(from) && from != State.HALF_OPEN) {
			String reason = "circuit breaker " + from + " -> " + to + ", " + cause(service, index, breaker);
			this.states.changed(service.provider(index), Change.EJECTED, reason);
		}
		else if (!isOpen(to) && to != State.HALF_OPEN && (isOpen(from) || from == State.HALF_OPEN)) {
			this.states.changed(service.provider(index), Change.RESTORED, "circuit breaker " + from + " -> " + to);
		}
	}

	/**
	 * Says what opened a breaker. A breaker opened by its rates does so while it records
	 * the failing call, before the attempt is counted in the provider's state, so the
	 * counts come from the breaker's window, which already holds that call; a breaker
	 * opened after {@code consecutive-failures} failures in a row is opened once they are
	 * all counted.
	 */
	private static String cause(ServiceDefinition service, int index, CircuitBreaker breaker) {
		int consecutive = service.settings().getCircuitBreaker().getConsecutiveFailures();
		ProviderState state = service.state(index);
		if (consecutive > 0 && state.consecutiveFailures() >= consecutive) {
			return state.consecutiveFailures() + " failures in a row";
		}
		CircuitBreaker.Metrics metrics = breaker.getMetrics();
		String cause = "failure rate " + metrics.getFailureRate() + "% (" + metrics.getNumberOfFailedCalls() + " of "
				+ metrics.getNumberOfBufferedCalls() + " calls failed)";
		if (metrics.getSlowCallRate() >= breaker.getCircuitBreakerConfig().getSlowCallRateThreshold()) {
			cause += ", slow-call rate " + metrics.getSlowCallRate() + "% (" + metrics.getNumberOfSlowCalls() + " of "
					+ metrics.getNumberOfBufferedCalls() + " calls slow)";
		}
		return cause;
	}

	private static boolean isOpen(State state) {
		return state == State.OPEN || state == State.FORCED_OPEN;
	}

}
