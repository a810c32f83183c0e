package io.thirdparty.resilience;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.thirdparty.Provider;
import io.thirdparty.config.ServiceProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a provider's guard reports its breaker's changes of state without subscribing to
 * the breaker's events.
 */
class ProviderGuardTests {

	private final ExecutorService threads = Executors.newFixedThreadPool(4);

	private final ProviderGuards guards = new ProviderGuards(this.threads);

	private final List<State[]> reported = new CopyOnWriteArrayList<>();

	private final ProviderGuard guard;

	ProviderGuardTests() {
		this.guards.onBreakerTransition((guard, from, to) -> this.reported.add(new State[] { from, to }));
		this.guard = this.guards.obtain(new Provider("sms", "provider_a", "http://a.example", 1, 0, Map.of()),
				new ServiceProperties());
	}

	@AfterEach
	void stop() {
		this.threads.shutdownNow();
	}

	@Test
	void aChangeMadeOutsideTheGuardIsReportedOnceWhenNoticed() {
		CircuitBreaker breaker = this.guard.getCircuitBreaker();
		breaker.transitionToForcedOpenState();
		assertThat(this.reported).isEmpty();
		assertThat(this.guard.isCallPermitted()).isFalse();
		this.guard.noticeBreakerState();
		assertThat(this.reported).singleElement().isEqualTo(new State[] { State.CLOSED, State.FORCED_OPEN });
	}

	@Test
	void aFailingListenerDoesNotFailTheCallThatNoticedTheChange() {
		this.guards.onBreakerTransition((guard, from, to) -> {
			throw new IllegalStateException("listener broke");
		});
		this.guard.getCircuitBreaker().transitionToOpenState();
		assertThat(this.guard.isCallPermitted()).isFalse();
		assertThat(this.reported).hasSize(1);
	}

	@Test
	void changesNoticedByManyThreadsAreEachReportedOnceAndChainFromTheFirstStateToTheLast() throws Exception {
		CircuitBreaker breaker = this.guard.getCircuitBreaker();
		AtomicBoolean running = new AtomicBoolean(true);
		List<Future<?>> lookers = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			lookers.add(this.threads.submit(() -> {
				while (running.get()) {
					this.guard.isCallPermitted();
				}
			}));
		}
		for (int i = 0; i < 500; i++) {
			breaker.transitionToOpenState();
			breaker.transitionToHalfOpenState();
			breaker.transitionToClosedState();
		}
		breaker.transitionToForcedOpenState();
		running.set(false);
		for (Future<?> looker : lookers) {
			looker.get(30, TimeUnit.SECONDS);
		}
		this.guard.noticeBreakerState();
		// each state left as often as it was entered, but for the first and the last
		Map<State, Integer> balance = new HashMap<>();
		for (State[] transition : this.reported) {
			assertThat(transition[0]).isNotEqualTo(transition[1]);
			balance.merge(transition[0], 1, Integer::sum);
			balance.merge(transition[1], -1, Integer::sum);
		}
		balance.values().removeIf((count) -> count == 0);
		assertThat(balance).containsOnly(Map.entry(State.CLOSED, 1), Map.entry(State.FORCED_OPEN, -1));
	}

}
