package io.thirdparty.provider;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The runtime state of one provider that outlives configuration reloads: what operators
 * and health checks decided (disabled, ejected, forced) and what traffic showed (calls in
 * flight, calls, failures, the last error). Kept by {@link ProviderStates} under
 * {@code <service>.<provider>}.
 * <p>
 * Failing health checks set two flags: {@linkplain #isFailingChecks() failing}, which
 * says what the checks found, and {@linkplain #isEjected() ejected}, which takes the
 * provider out of selection. A provider that is its service's last usable one fails its
 * checks without being ejected.
 * <p>
 * Selection reads {@link #isSelectable()} and {@link #isForced()}: one volatile read
 * each, no lock. Changes of the flags go through {@link ProviderStates}, which logs and
 * publishes them.
 */
public final class ProviderState {

	static final int DISABLED = 1;

	static final int EJECTED = 2;

	static final int FORCED = 4;

	static final int FAILING = 8;

	private final String id;

	private volatile int flags;

	private volatile String failingReason;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final LongAdder calls = new LongAdder();

	private final LongAdder failures = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	private final AtomicInteger consecutiveFailures = new AtomicInteger();

	private volatile LastError lastError;

	private volatile int checksPassed;

	private volatile int checksFailed;

	private volatile CheckResult lastCheck;

	ProviderState(String id) {
		this.id = id;
	}

	/**
	 * Returns the provider's identifier.
	 * @return {@code <service>.<provider>}
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Returns whether neither an operator nor a health check took the provider out.
	 * @return {@code true} when the provider may be selected
	 */
	public boolean isSelectable() {
		return (this.flags & (DISABLED | EJECTED)) == 0;
	}

	/**
	 * Returns whether an operator forced every call of the service to this provider.
	 * @return {@code true} when forced
	 */
	public boolean isForced() {
		return (this.flags & FORCED) != 0;
	}

	/**
	 * Returns whether an operator disabled the provider.
	 * @return {@code true} when disabled at run time
	 */
	public boolean isDisabled() {
		return (this.flags & DISABLED) != 0;
	}

	/**
	 * Returns whether failing health checks took the provider out.
	 * @return {@code true} when ejected by health checks
	 */
	public boolean isEjected() {
		return (this.flags & EJECTED) != 0;
	}

	/**
	 * Returns why health checks took the provider out.
	 * @return the reason, or {@code null} when not ejected
	 */
	public String ejectedReason() {
		return isEjected() ? this.failingReason : null;
	}

	/**
	 * Returns whether the provider fails its health checks: it failed
	 * {@code unhealthy-threshold} checks in a row and has not passed
	 * {@code healthy-threshold} in a row since, whether or not it was ejected.
	 * @return {@code true} when failing its health checks
	 */
	public boolean isFailingChecks() {
		return (this.flags & FAILING) != 0;
	}

	/**
	 * Returns what the health checks saw when they found the provider failing.
	 * @return the reason, or {@code null} when the provider does not fail its checks
	 */
	public String failingReason() {
		return isFailingChecks() ? this.failingReason : null;
	}

	/**
	 * Returns what the health checks say of the provider.
	 * @return the verdict, or {@code null} when the provider has not been checked
	 */
	public CheckStatus checkStatus() {
		if (isFailingChecks()) {
			return CheckStatus.FAILING;
		}
		return (this.lastCheck != null) ? CheckStatus.PASSING : null;
	}

	/**
	 * Sets or clears flags. A change that includes {@link #FAILING} records its reason
	 * when setting and forgets it when clearing, so ejecting a provider already failing
	 * its checks (flags {@code EJECTED | FAILING}) updates the reason.
	 * @return {@code true} when a flag changed
	 */
	synchronized boolean change(int flag, boolean on, String reason) {
		int current = this.flags;
		int next = on ? (current | flag) : (current & ~flag);
		if (next == current) {
			return false;
		}
		if ((flag & FAILING) != 0) {
			this.failingReason = on ? reason : null;
		}
		this.flags = next;
		return true;
	}

	/**
	 * Records that an attempt on the provider starts.
	 */
	public void attemptStarted() {
		this.inFlight.incrementAndGet();
	}

	/**
	 * Records that the provider answered an attempt (with a result or with the caller's
	 * error).
	 */
	public void attemptAnswered() {
		this.inFlight.decrementAndGet();
		this.calls.increment();
		if (this.consecutiveFailures.get() != 0) {
			this.consecutiveFailures.set(0);
		}
	}

	/**
	 * Records that local protection (breaker, rate limit, bulkhead) refused an attempt.
	 */
	public void attemptRejected() {
		this.inFlight.decrementAndGet();
		this.rejected.increment();
	}

	/**
	 * Records an attempt that failed because of the provider.
	 * @param failure what the attempt threw
	 * @param at when
	 * @return the number of such failures in a row, this one included
	 */
	public int attemptFailed(Throwable failure, Instant at) {
		this.inFlight.decrementAndGet();
		this.calls.increment();
		this.failures.increment();
		this.lastError = new LastError(failure.getClass().getName(), Secrets.reason(failure), at);
		return this.consecutiveFailures.incrementAndGet();
	}

	/**
	 * Forgets the failures in a row, once they have opened the breaker.
	 */
	public void resetConsecutiveFailures() {
		this.consecutiveFailures.set(0);
	}

	public int inFlight() {
		return Math.max(0, this.inFlight.get());
	}

	public long calls() {
		return this.calls.sum();
	}

	public long failures() {
		return this.failures.sum();
	}

	public long rejected() {
		return this.rejected.sum();
	}

	public int consecutiveFailures() {
		return this.consecutiveFailures.get();
	}

	/**
	 * Returns the last failure of the provider, its message cleared of URL credentials
	 * and query strings.
	 * @return the last error, or {@code null} when none
	 */
	public LastError lastError() {
		return this.lastError;
	}

	/**
	 * Records the result of a health check; called by the one thread that runs checks.
	 * @param result the result
	 * @return the number of checks in a row with the same outcome, this one included
	 */
	public int checked(CheckResult result) {
		this.lastCheck = result;
		if (result.passed()) {
			this.checksFailed = 0;
			return ++this.checksPassed;
		}
		this.checksPassed = 0;
		return ++this.checksFailed;
	}

	/**
	 * Forgets past health checks, when checks stop for the provider.
	 */
	public void clearChecks() {
		this.checksPassed = 0;
		this.checksFailed = 0;
		this.lastCheck = null;
	}

	/**
	 * Returns the last health check.
	 * @return the result, or {@code null} when never checked
	 */
	public CheckResult lastCheck() {
		return this.lastCheck;
	}

	public int checksFailedInARow() {
		return this.checksFailed;
	}

	public int checksPassedInARow() {
		return this.checksPassed;
	}

	/**
	 * What a provider's health checks say of it.
	 */
	public enum CheckStatus {

		/**
		 * Passing: not (or no longer) failing {@code unhealthy-threshold} checks in a
		 * row.
		 */
		PASSING,

		/**
		 * Failing: failed {@code unhealthy-threshold} checks in a row and not yet passed
		 * {@code healthy-threshold} in a row since.
		 */
		FAILING

	}

	/**
	 * The last failure of a provider.
	 *
	 * @param type class name of the failure
	 * @param message why it failed, as {@link Secrets#reason}: a vendor's error answer by
	 * its status, never its body; URLs masked
	 * @param at when it happened
	 */
	public record LastError(String type, String message, Instant at) {
	}

	/**
	 * The result of one health check.
	 *
	 * @param passed whether the check passed
	 * @param status the HTTP status, or 0 when there was no answer
	 * @param detail what went wrong, or {@code null} when the check passed
	 * @param at when the check ended
	 */
	public record CheckResult(boolean passed, int status, String detail, Instant at) {
	}

}
