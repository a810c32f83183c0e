package io.thirdparty.resilience;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.IllegalStateTransitionException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.timelimiter.TimeLimiter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The protection of one provider: rate limiter, bulkhead, circuit breaker and time
 * limiter, applied in that order around an attempt. Each part is a Resilience4j instance
 * named {@code <service>.<provider>}; absent parts are {@code null} and cost nothing.
 * <p>
 * The guard reports its breaker's changes of state to a {@link BreakerTransitionListener}
 * instead of subscribing to the breaker's events, so that a call that changes nothing
 * makes the breaker publish nothing.
 */
public final class ProviderGuard {

	private static final Log logger = LogFactory.getLog(ProviderGuard.class);

	private static final VarHandle SEEN_STATE;

	static {
		try {
			SEEN_STATE = MethodHandles.lookup()
				.findVarHandle(ProviderGuard.class, "seenState", CircuitBreaker.State.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final String id;

	private final String service;

	private final String provider;

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

	private final BreakerTransitionListener transitions;

	/**
	 * The breaker's state when this guard last looked, changed through
	 * {@link #SEEN_STATE}; {@code null} without breaker.
	 */
	private volatile CircuitBreaker.State seenState;

	ProviderGuard(String service, String provider, GuardSettings settings, RateLimiter rateLimiter, Bulkhead bulkhead,
			CircuitBreaker circuitBreaker, TimeLimiter timeLimiter, ExecutorService timeLimitExecutor,
			BreakerTransitionListener transitions) {
		this.id = service + "." + provider;
		this.service = service;
		this.provider = provider;
		this.settings = settings;
		this.rateLimiter = rateLimiter;
		this.bulkhead = bulkhead;
		this.circuitBreaker = circuitBreaker;
		this.timeLimiter = timeLimiter;
		this.timeLimitExecutor = timeLimitExecutor;
		this.rateLimiterWaits = rateLimiter != null && !settings.rateLimit().timeout().isZero();
		this.transitions = transitions;
		this.seenState = (circuitBreaker != null) ? circuitBreaker.getState() : null;
	}

	/**
	 * Runs one attempt under the provider's protection. The breaker counts the attempt as
	 * the call's record of it says: a failure that counts against the provider is
	 * recorded as an error, any other releases the breaker's permission uncounted.
	 * @param <A> the type of the call's attempts
	 * @param <N> the type of what the attempt goes on to
	 * @param attempts the call's attempts, which record and classify the failure
	 * @param next what the attempt goes on to, handed to {@code attempt}
	 * @param attempt runs the attempt; a function of its two arguments, so that a call
	 * need not allocate one
	 * @return what the attempt returned
	 * @throws Throwable what the attempt threw, or a Resilience4j rejection
	 * ({@code RequestNotPermitted}, {@code BulkheadFullException},
	 * {@code CallNotPermittedException}) or a {@code TimeoutException}
	 */
	public <A extends CallAttempts, N> Object call(A attempts, N next, Attempt<A, N> attempt) throws Throwable {
		if (this.rateLimiter != null && !this.rateLimiter.acquirePermission()) {
			throw RequestNotPermitted.createRequestNotPermitted(this.rateLimiter);
		}
		if (this.bulkhead != null) {
			this.bulkhead.acquirePermission();
		}
		try {
			return (this.circuitBreaker != null) ? callThroughBreaker(attempts, next, attempt)
					: callInTime(attempts, next, attempt);
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
		CircuitBreaker.State state = notice(this.circuitBreaker);
		return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
	}

	/**
	 * Looks at the breaker's state and reports it to the
	 * {@link BreakerTransitionListener} when it changed since the last look: for changes
	 * made to the breaker by others than this guard.
	 */
	public void noticeBreakerState() {
		if (this.circuitBreaker != null) {
			notice(this.circuitBreaker);
		}
	}

	/**
	 * Opens the breaker if it is closed, and reports the change.
	 * @return {@code true} when this call opened it; {@code false} without breaker, when
	 * it was not closed, or when it changed state concurrently
	 */
	public boolean openBreaker() {
		CircuitBreaker breaker = this.circuitBreaker;
		if (breaker == null || breaker.getState() != CircuitBreaker.State.CLOSED) {
			return false;
		}
		try {
			breaker.transitionToOpenState();
			return true;
		}
		catch (IllegalStateTransitionException ex) {
			logger.debug("Breaker " + breaker.getName() + " changed state concurrently", ex);
			return false;
		}
		finally {
			notice(breaker);
		}
	}

	/**
	 * Closes the breaker and forgets the calls it recorded, and reports the change.
	 */
	public void resetBreaker() {
		if (this.circuitBreaker != null) {
			this.circuitBreaker.reset();
			notice(this.circuitBreaker);
		}
	}

	public String getId() {
		return this.id;
	}

	/**
	 * Returns the name of the guarded provider's service.
	 * @return the service name
	 */
	public String service() {
		return this.service;
	}

	/**
	 * Returns the name of the guarded provider.
	 * @return the provider name
	 */
	public String provider() {
		return this.provider;
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
	private <A extends CallAttempts, N> Object callThroughBreaker(A attempts, N next, Attempt<A, N> attempt)
			throws Throwable {
		CircuitBreaker breaker = this.circuitBreaker;
		breaker.acquirePermission();
		long start = this.rateLimiterWaits ? System.nanoTime() : attempts.attemptStarted();
		try {
			Object result = callInTime(attempts, next, attempt);
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
		finally {
			notice(breaker);
		}
	}

	/**
	 * Reads the breaker's state and reports it when it differs from the state last seen.
	 * The last seen state is read first: a thread whose read of the breaker is older than
	 * another thread's report then fails its compare-and-set, so reports follow the
	 * breaker's order.
	 */
	private CircuitBreaker.State notice(CircuitBreaker breaker) {
		CircuitBreaker.State seen = this.seenState;
		CircuitBreaker.State state = breaker.getState();
		if (state != seen && SEEN_STATE.compareAndSet(this, seen, state)) {
			this.transitions.transitioned(this, seen, state);
		}
		return state;
	}

	private <A extends CallAttempts, N> Object callInTime(A attempts, N next, Attempt<A, N> attempt) throws Throwable {
		if (this.timeLimiter == null) {
			return attempt.run(attempts, next);
		}
		return this.timeLimiter.executeFutureSupplier(() -> submit(attempts, next, attempt));
	}

	private <A extends CallAttempts, N> Future<Object> submit(A attempts, N next, Attempt<A, N> attempt) {
		// the executor carries the caller's context (CallContextPropagation)
		return this.timeLimitExecutor.submit(() -> {
			try {
				return attempt.run(attempts, next);
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
	 *
	 * @param <A> the type of the call's attempts
	 * @param <N> the type of what the attempt goes on to
	 */
	@FunctionalInterface
	public interface Attempt<A extends CallAttempts, N> {

		/**
		 * Runs the attempt.
		 * @param attempts the call's attempts, as given to the guard
		 * @param next what the attempt goes on to, as given to the guard
		 * @return its result
		 * @throws Throwable its failure
		 */
		Object run(A attempts, N next) throws Throwable;

	}

}
