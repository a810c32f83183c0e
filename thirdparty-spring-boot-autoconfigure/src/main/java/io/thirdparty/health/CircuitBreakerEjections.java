package io.thirdparty.health;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;

import io.thirdparty.provider.ProviderState;
import io.thirdparty.provider.ProviderStateChangedEvent.Change;
import io.thirdparty.provider.ProviderStates;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.resilience.BreakerTransitionListener;
import io.thirdparty.resilience.ProviderGuard;

/**
 * Passive ejection: reports a provider as ejected when its circuit breaker opens on real
 * traffic, and as restored when the breaker closes again after its half-open probes. The
 * breaker itself takes the provider out of selection; this listener makes the change
 * visible (log and {@link io.thirdparty.provider.ProviderStateChangedEvent}). It hears of
 * every breaker of the {@link io.thirdparty.resilience.ProviderGuards} it is added to,
 * including those replaced by a configuration reload.
 */
public class CircuitBreakerEjections implements BreakerTransitionListener {

	private final ServiceRegistry services;

	private final ProviderStates states;

	/**
	 * Creates the listener; add it to the provider guards to start following them.
	 * @param services finds a breaker's provider as currently configured
	 * @param states reports the changes
	 */
	public CircuitBreakerEjections(ServiceRegistry services, ProviderStates states) {
		this.services = services;
		this.states = states;
	}

	/**
	 * Reports a provider ejected when its breaker went from closed (or disabled) to open
	 * or half-open, and restored when it went from open or half-open to closed.
	 * @param guard the guard of the breaker's provider
	 * @param from the state the breaker was last seen in
	 * @param to the state it is in now
	 */
	@Override
	public void transitioned(ProviderGuard guard, State from, State to) {
		ServiceDefinition service = this.services.get(guard.service());
		int index = (service != null) ? service.indexOf(guard.provider()) : -1;
		if (index < 0 || service.guard(index) != guard) {
			return;
		}
		if (!isTripped(from) && isTripped(to)) {
			String reason = "circuit breaker " + from + " -> " + to + ", "
					+ cause(service, index, guard.getCircuitBreaker());
			this.states.changed(service.provider(index), Change.EJECTED, reason);
		}
		else if (isTripped(from) && !isTripped(to)) {
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

	/** Whether a breaker in this state has taken its provider out of normal service. */
	private static boolean isTripped(State state) {
		return state == State.OPEN || state == State.FORCED_OPEN || state == State.HALF_OPEN;
	}

}
