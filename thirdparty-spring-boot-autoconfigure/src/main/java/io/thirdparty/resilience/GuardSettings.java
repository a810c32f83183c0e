package io.thirdparty.resilience;

import java.time.Duration;

import io.thirdparty.config.ServiceProperties;

/**
 * The protection settings of one provider, as values: a changed value replaces that part
 * of the provider's guard on reload, an unchanged one keeps its state.
 *
 * @param breaker circuit breaker settings, {@code null} when disabled
 * @param rateLimit rate limiter settings, {@code null} when off
 * @param maxConcurrent bulkhead size, 0 when off
 * @param timeout time limit of an attempt, {@code null} when none
 * @param consecutiveFailures failures in a row that open the breaker at once, 0 for none
 */
record GuardSettings(Breaker breaker, RateLimit rateLimit, int maxConcurrent, Duration timeout,
		int consecutiveFailures) {

	static GuardSettings of(ServiceProperties service) {
		ServiceProperties.CircuitBreaker cb = service.getCircuitBreaker();
		Breaker breaker = cb.isEnabled()
				? new Breaker(cb.getFailureRateThreshold(), cb.getSlowCallRateThreshold(), cb.getSlowCallDuration(),
						cb.getSlidingWindowSize(), cb.getMinimumCalls(), cb.getWaitInOpen(), cb.getHalfOpenCalls())
				: null;
		ServiceProperties.RateLimit rl = service.getRateLimit();
		RateLimit rateLimit = (rl.getLimit() > 0) ? new RateLimit(rl.getLimit(), rl.getPeriod(), rl.getTimeout())
				: null;
		return new GuardSettings(breaker, rateLimit, service.getBulkhead().getMaxConcurrent(), service.getTimeout(),
				cb.getConsecutiveFailures());
	}

	record Breaker(float failureRateThreshold, float slowCallRateThreshold, Duration slowCallDuration,
			int slidingWindowSize, int minimumCalls, Duration waitInOpen, int halfOpenCalls) {
	}

	record RateLimit(int limit, Duration period, Duration timeout) {
	}

}
