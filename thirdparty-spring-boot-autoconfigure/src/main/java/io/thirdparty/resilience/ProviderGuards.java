package io.thirdparty.resilience;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.Registry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.thirdparty.Provider;
import io.thirdparty.config.ServiceProperties;

/**
 * Creates and keeps the {@link ProviderGuard} of every provider, keyed by
 * {@code <service>.<provider>}, in Resilience4j registries of the starter's own. A guard
 * outlives configuration reloads: only the parts whose settings changed are replaced, so
 * a breaker keeps its state while its provider is re-weighted.
 * <p>
 * The registries are not the application's: Resilience4j's Spring Boot support puts an
 * event buffer on every instance of the application's registries, which makes each call
 * create and store an event. Changes of a breaker's state reach the
 * {@link #onBreakerTransition listeners} instead.
 */
public class ProviderGuards {

	private static final Log logger = LogFactory.getLog(ProviderGuards.class);

	private final CircuitBreakerRegistry circuitBreakers;

	private final TimeLimiterRegistry timeLimiters;

	private final RateLimiterRegistry rateLimiters;

	private final BulkheadRegistry bulkheads;

	private final ExecutorService timeLimitExecutor;

	private final Map<String, ProviderGuard> guards = new ConcurrentHashMap<>();

	private final List<BreakerTransitionListener> transitionListeners = new CopyOnWriteArrayList<>();

	/**
	 * Tells every listener; one that fails is logged and never fails the call that
	 * noticed the change.
	 */
	private final BreakerTransitionListener transitions = (guard, from, to) -> {
		for (BreakerTransitionListener listener : this.transitionListeners) {
			try {
				listener.transitioned(guard, from, to);
			}
			catch (RuntimeException ex) {
				logger.warn("Listener " + listener + " failed on breaker " + guard.getId() + " " + from + " -> " + to,
						ex);
			}
		}
	};

	/**
	 * Creates the guard store.
	 * @param circuitBreakers registry of circuit breakers
	 * @param timeLimiters registry of time limiters
	 * @param rateLimiters registry of rate limiters
	 * @param bulkheads registry of bulkheads
	 * @param timeLimitExecutor runs attempts that have a time limit
	 */
	public ProviderGuards(CircuitBreakerRegistry circuitBreakers, TimeLimiterRegistry timeLimiters,
			RateLimiterRegistry rateLimiters, BulkheadRegistry bulkheads, ExecutorService timeLimitExecutor) {
		this.circuitBreakers = circuitBreakers;
		this.timeLimiters = timeLimiters;
		this.rateLimiters = rateLimiters;
		this.bulkheads = bulkheads;
		this.timeLimitExecutor = timeLimitExecutor;
	}

	/**
	 * Creates the guard store with registries of its own.
	 * @param timeLimitExecutor runs attempts that have a time limit
	 */
	public ProviderGuards(ExecutorService timeLimitExecutor) {
		this(CircuitBreakerRegistry.ofDefaults(), TimeLimiterRegistry.ofDefaults(), RateLimiterRegistry.ofDefaults(),
				BulkheadRegistry.ofDefaults(), timeLimitExecutor);
	}

	/**
	 * Adds a listener told of every change of a provider's breaker state, whichever guard
	 * holds the breaker.
	 * @param listener the listener
	 */
	public void onBreakerTransition(BreakerTransitionListener listener) {
		this.transitionListeners.add(listener);
	}

	/**
	 * Returns the guard of a provider for the given settings, reusing every part whose
	 * settings did not change.
	 * @param provider the provider
	 * @param service the settings of its service
	 * @return the guard
	 */
	public ProviderGuard obtain(Provider provider, ServiceProperties service) {
		GuardSettings settings = GuardSettings.of(service);
		return this.guards.compute(provider.id(),
				(id, existing) -> (existing != null && existing.settings().equals(settings)) ? existing
						: create(provider, settings, existing));
	}

	/**
	 * Returns the registry holding every provider's circuit breaker.
	 * @return the registry
	 */
	public CircuitBreakerRegistry circuitBreakerRegistry() {
		return this.circuitBreakers;
	}

	/**
	 * Returns the registry holding every provider's time limiter.
	 * @return the registry
	 */
	public TimeLimiterRegistry timeLimiterRegistry() {
		return this.timeLimiters;
	}

	/**
	 * Returns the registry holding every provider's rate limiter.
	 * @return the registry
	 */
	public RateLimiterRegistry rateLimiterRegistry() {
		return this.rateLimiters;
	}

	/**
	 * Returns the registry holding every provider's bulkhead.
	 * @return the registry
	 */
	public BulkheadRegistry bulkheadRegistry() {
		return this.bulkheads;
	}

	/**
	 * Returns the guard of a provider.
	 * @param id the provider's identifier, {@code <service>.<provider>}
	 * @return the guard, or {@code null} when no such provider is configured
	 */
	public ProviderGuard find(String id) {
		return this.guards.get(id);
	}

	/**
	 * Returns every guard.
	 * @return the guards
	 */
	public Collection<ProviderGuard> all() {
		return this.guards.values();
	}

	/**
	 * Drops the guards, and their Resilience4j instances, of providers no longer
	 * configured.
	 * @param ids identifiers of the providers that remain
	 */
	public void retain(Set<String> ids) {
		this.guards.keySet().removeIf((id) -> {
			if (ids.contains(id)) {
				return false;
			}
			this.circuitBreakers.remove(id);
			this.timeLimiters.remove(id);
			this.rateLimiters.remove(id);
			this.bulkheads.remove(id);
			return true;
		});
	}

	private ProviderGuard create(Provider provider, GuardSettings settings, ProviderGuard existing) {
		String id = provider.id();
		GuardSettings old = (existing != null) ? existing.settings() : null;
		CircuitBreaker breaker = (old != null && Objects.equals(old.breaker(), settings.breaker()))
				? existing.getCircuitBreaker() : replace(this.circuitBreakers, id, (settings.breaker() != null)
						? () -> this.circuitBreakers.circuitBreaker(id, breakerConfig(settings)) : null);
		RateLimiter limiter = (old != null && Objects.equals(old.rateLimit(), settings.rateLimit()))
				? existing.getRateLimiter() : replace(this.rateLimiters, id, (settings.rateLimit() != null)
						? () -> this.rateLimiters.rateLimiter(id, rateLimiterConfig(settings.rateLimit())) : null);
		Bulkhead bulkhead = (old != null && old.maxConcurrent() == settings.maxConcurrent()) ? existing.getBulkhead()
				: replace(this.bulkheads, id,
						(settings.maxConcurrent() > 0) ? () -> this.bulkheads.bulkhead(id,
								BulkheadConfig.custom()
									.maxConcurrentCalls(settings.maxConcurrent())
									.maxWaitDuration(Duration.ZERO)
									.build())
								: null);
		TimeLimiter timeLimiter = (old != null && Objects.equals(old.timeout(), settings.timeout()))
				? existing.getTimeLimiter()
				: replace(this.timeLimiters, id,
						(settings.timeout() != null) ? () -> this.timeLimiters.timeLimiter(id,
								TimeLimiterConfig.custom()
									.timeoutDuration(settings.timeout())
									.cancelRunningFuture(true)
									.build())
								: null);
		return new ProviderGuard(provider.service(), provider.name(), settings, limiter, bulkhead, breaker, timeLimiter,
				this.timeLimitExecutor, this.transitions);
	}

	private static <T> T replace(Registry<T, ?> registry, String id, Supplier<T> factory) {
		registry.remove(id);
		return (factory != null) ? factory.get() : null;
	}

	/**
	 * Returns the configuration of a breaker. It records every error it is given: the
	 * guard gives it only the failures that count against the provider, as each attempt's
	 * record says, and times calls with {@link System#nanoTime()}, the breaker's default
	 * clock.
	 */
	private static CircuitBreakerConfig breakerConfig(GuardSettings settings) {
		GuardSettings.Breaker breaker = settings.breaker();
		return CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(breaker.slidingWindowSize())
			.minimumNumberOfCalls(breaker.minimumCalls())
			.failureRateThreshold(breaker.failureRateThreshold())
			.slowCallRateThreshold(breaker.slowCallRateThreshold())
			.slowCallDurationThreshold(breaker.slowCallDuration())
			.waitDurationInOpenState(breaker.waitInOpen())
			.permittedNumberOfCallsInHalfOpenState(breaker.halfOpenCalls())
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.build();
	}

	private static RateLimiterConfig rateLimiterConfig(GuardSettings.RateLimit rateLimit) {
		return RateLimiterConfig.custom()
			.limitForPeriod(rateLimit.limit())
			.limitRefreshPeriod(rateLimit.period())
			.timeoutDuration(rateLimit.timeout())
			.build();
	}

}
