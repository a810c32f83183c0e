package io.thirdparty.observation;

import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.thirdparty.resilience.ProviderGuards;

/**
 * Binds Resilience4j's own metrics ({@code resilience4j.circuitbreaker.*},
 * {@code resilience4j.ratelimiter.*}, {@code resilience4j.bulkhead.*},
 * {@code resilience4j.timelimiter.*}, tagged {@code name=<service>.<provider>}) of the
 * registries that hold the providers' guards, following breakers added and removed by
 * reloads. Under Spring Boot 4 neither Resilience4j's Boot 3 module nor Spring Cloud
 * CircuitBreaker binds them.
 */
public class Resilience4jMetrics implements MeterBinder {

	private final ProviderGuards guards;

	/**
	 * Creates the binder.
	 * @param guards holds the registries to bind
	 */
	public Resilience4jMetrics(ProviderGuards guards) {
		this.guards = guards;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(this.guards.circuitBreakerRegistry()).bindTo(registry);
		TaggedRateLimiterMetrics.ofRateLimiterRegistry(this.guards.rateLimiterRegistry()).bindTo(registry);
		TaggedBulkheadMetrics.ofBulkheadRegistry(this.guards.bulkheadRegistry()).bindTo(registry);
		TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(this.guards.timeLimiterRegistry()).bindTo(registry);
	}

}
