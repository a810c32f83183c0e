package io.thirdparty.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * Told when a provider's circuit breaker is seen in a new state. The guard notices the
 * state after every call through the breaker, whenever the provider's availability is
 * read and after the starter itself changes the breaker, and reports the difference from
 * the state it saw last: a Resilience4j event consumer on the breaker would make the
 * breaker create an event object on every call. A state the breaker passed through
 * between two looks is not reported; each change is reported once, on the thread that saw
 * it first.
 */
@FunctionalInterface
public interface BreakerTransitionListener {

	/**
	 * Called when a breaker is seen in a state other than the one it was last seen in.
	 * @param guard the guard of the breaker's provider
	 * @param from the state it was last seen in
	 * @param to the state it is in now
	 */
	void transitioned(ProviderGuard guard, CircuitBreaker.State from, CircuitBreaker.State to);

}
