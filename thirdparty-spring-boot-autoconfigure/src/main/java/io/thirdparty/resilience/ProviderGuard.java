package io.thirdparty.resilience;

import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.timelimiter.TimeLimiter;

/**
 * The protection of one provider: rate limiter, bulkhead, circuit breaker and time
 * limiter, applied in that order around an attempt. Each part is a Resilience4j instance
 * named {@code <service>.<provider>}; absent parts are {@code null} and cost nothing.
 */
public final class ProviderGuard {

	private final String id;

	private final GuardSettings settings;

	private final RateLimiter rateLimiter;

	private final Bulkhead bulkhead;

	private final CircuitBreaker circuitBreaker;

	private final TimeLimiter timeLimiter;

	private final ExecutorService timeLimitExecutor;

	/**
	 * Whether the rate limiter may make an attempt wait, which the breaker must not time.
	 */
	private final boolean rateLimiterWaits;

	ProviderGuard(String id, GuardSettings settings, RateLimiter rateLimiter, Bulkhead bulkhead,
			CircuitBreaker circuitBreaker, TimeLimiter timeLimiter, ExecutorService timeLimitExecutor) {
		this.id = id;
		this.settings = settings;
		this.rateLimiter = rateLimiter;
		this.bulkhead = bulkhead;
		this.circuitBreaker = circuitBreaker;
		this.timeLimiter = timeLimiter;
		this.timeLimitExecutor = timeLimitExecutor;
		this.rateLimiterWaits = rateLimiter != null && !settings.rateLimit().timeout().isZero();
	}

	/**
	 * Runs one attempt under the provider's protection. The breaker counts the attempt as
	 * the call's record of it says: a failure that counts against the provider is
	 * recorded as an error, any other releases the breaker's permission uncounted.
	 * @param attempts the call's attempts, which record and classify the failure
	 * @param attempt the attempt
	 * @return what the attempt returned
	 * @throws Throwable what the attempt threw, or a Resilience4j rejection
	 * ({@code RequestNotPermitted}, {@code BulkheadFullException},
	 * {@code CallNotPermittedException}) or a {@code TimeoutException}
	 */
	public Object call(CallAttempts attempts, Attempt attempt) throws Throwable {
		if (this.rateLimiter != null && !this.rateLimiter.acquirePermission()) {
			throw RequestNotPermitted.createRequestNotPermitted(this.rateLimiter);
		}
		if (this.bulkhead != null) {
			this.bulkhead.acquirePermission();
		}
		try {
			return (this.circuitBreaker != null) ? callThroughBreaker(attempts, attempt) : callInTime(attempt);
		}
		finally {
			if (this.bulkhead != null) {
				this.bulkhead.onComplete();
			}
		}
	}

	/**
	 * Returns whether the provider may be called now: its breaker is neither open nor
	 * forced open.
	 * @return {@code true} when the provider is available
	 */
	public boolean isCallPermitted() {
		if (this.circuitBreaker == null) {
			return true;
		}
		CircuitBreaker.State state = this.circuitBreaker.getState();
		return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
	}

	public String getId() {
		return this.id;
	}

	/**
	 * Returns the provider's circuit breaker.
	 * @return the breaker, or {@code null} when breaking is disabled
	 */
	public CircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	public RateLimiter getRateLimiter() {
		return this.rateLimiter;
	}

	public Bulkhead getBulkhead() {
		return this.bulkhead;
	}

	public TimeLimiter getTimeLimiter() {
		return this.timeLimiter;
	}

	/**
	 * Returns how many failures in a row open the provider's breaker at once.
	 * @return the number, 0 when only the breaker's failure rate opens it
	 */
	public int consecutiveFailures() {
		return this.settings.consecutiveFailures();
	}

	GuardSettings settings() {
		return this.settings;
	}

	/**
	 * Calls through the breaker, timed on the breaker's clock ({@link System#nanoTime()},
	 * as {@link ProviderGuards} configures every breaker) from the start of the attempt,
	 * unless the rate limiter may have made it wait.
	 */
	private Object callThroughBreaker(CallAttempts attempts, Attempt attempt) throws Throwable {
		CircuitBreaker breaker = this.circuitBreaker;
		breaker.acquirePermission();
		long start = this.rateLimiterWaits ? System.nanoTime() : attempts.attemptStarted();
		try {
			Object result = callInTime(attempt);
			breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			return result;
		}
		catch (Throwable failure) {
			if (attempts.attemptFailed(failure).kind().countsAgainstProvider()) {
				breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, failure);
			}
			else {
				breaker.releasePermission();
			}
			throw failure;
		}
	}

	private Object callInTime(Attempt attempt) throws Throwable {
		if (this.timeLimiter == null) {
			return attempt.run();
		}
		return this.timeLimiter.executeFutureSupplier(() -> submit(attempt));
	}

	private Future<Object> submit(Attempt attempt) {
		// the executor carries the caller's context (CallContextPropagation)
		return this.timeLimitExecutor.submit(() -> {
			try {
				return attempt.run();
			}
			catch (Exception | Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new UndeclaredThrowableException(ex);
			}
		});
	}

	/**
	 * One attempt of a call, as the guard runs it.
	 */
	@FunctionalInterface
	public interface Attempt {

		/**
		 * Runs the attempt.
		 * @return its result
		 * @throws Throwable its failure
		 */
		Object run() throws Throwable;

	}

}
