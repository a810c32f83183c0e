package io.thirdparty.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.aop.ProxyMethodInvocation;

import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyException;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.resilience.CallAttempts;
import io.thirdparty.resilience.FailureKind;
import io.thirdparty.resilience.ProviderUnavailableException;

/**
 * One {@code @ThirdPartyCall} invocation as it moves through the pipeline: the method's
 * spec, the service as configured when the call began, the provider and number of the
 * current attempt, and the record of every failed attempt so far, each failure classified
 * once when its attempt ends. Not thread-safe: it is used by one thread at a time, which
 * need not be the caller's (an asynchronous call hands it to the executor, a time-limited
 * attempt to the time-limit thread, each hand-off through an executor's happens-before).
 */
public final class ThirdPartyInvocation implements CallAttempts {

	private final CallSpec spec;

	private final ServiceDefinition service;

	private final ProxyMethodInvocation invocation;

	private final ProxyMethodInvocation pristine;

	// providers are at most 64 (bit masks of a long), so an index fits a byte; with
	// the fields below the object takes 64 bytes, allocated for every call

	private byte providerIndex = -1;

	private byte previousProviderIndex = -1;

	private int attempt;

	private long tried;

	private long attemptStarted;

	private List<ThirdPartyException.Attempt> failures;

	/** Whether the current attempt's failure is recorded. */
	private boolean attemptRecorded;

	private boolean mayRetry;

	private String idempotencyKey;

	/**
	 * Starts a call.
	 * @param spec the method's spec
	 * @param service the service as currently configured
	 * @param invocation the intercepted invocation, not yet proceeded
	 * @param copyForRetries whether advice runs between the interceptor and the target
	 * and a retry may follow, so that retries need a copy of the invocation taken before
	 * it proceeds
	 */
	ThirdPartyInvocation(CallSpec spec, ServiceDefinition service, ProxyMethodInvocation invocation,
			boolean copyForRetries) {
		this.spec = spec;
		this.service = service;
		this.invocation = invocation;
		this.pristine = copyForRetries ? (ProxyMethodInvocation) invocation.invocableClone() : null;
	}

	/**
	 * Returns a new invocation of the same call, not yet attempted, for work that
	 * outlives the caller (a background refresh of a cached result). Must be taken before
	 * this invocation has proceeded to the target.
	 * @return the new invocation
	 */
	public ThirdPartyInvocation detach() {
		return new ThirdPartyInvocation(this.spec, this.service,
				(ProxyMethodInvocation) this.invocation.invocableClone(), this.pristine != null);
	}

	public CallSpec spec() {
		return this.spec;
	}

	public ServiceDefinition service() {
		return this.service;
	}

	public Object[] arguments() {
		return this.invocation.getArguments();
	}

	public Object target() {
		return this.invocation.getThis();
	}

	/**
	 * Returns the idempotency key of the queued call or task this call belongs to.
	 * @return the key, or {@code null} when the call is not part of one
	 */
	public String idempotencyKey() {
		return this.idempotencyKey;
	}

	/**
	 * Sets the idempotency key of the queued call or task this call belongs to, which
	 * {@link io.thirdparty.ThirdPartyContext#idempotencyKey()} then gives to the method.
	 * @param idempotencyKey the key
	 */
	public void idempotencyKey(String idempotencyKey) {
		this.idempotencyKey = idempotencyKey;
	}

	/**
	 * Returns the provider of the current attempt.
	 * @return the provider, or {@code null} before the first attempt
	 */
	public Provider provider() {
		return (this.providerIndex >= 0) ? this.service.provider(this.providerIndex) : null;
	}

	public int providerIndex() {
		return this.providerIndex;
	}

	/**
	 * Returns the provider of the attempt before the current one.
	 * @return the provider, or {@code null} during the first attempt
	 */
	public Provider previousProvider() {
		return (this.previousProviderIndex >= 0) ? this.service.provider(this.previousProviderIndex) : null;
	}

	/**
	 * Returns the number of the current attempt, starting at 1.
	 * @return the attempt number, 0 before the first
	 */
	public int attempt() {
		return this.attempt;
	}

	/**
	 * Starts an attempt on a provider.
	 * @param index the provider's index in its service
	 */
	public void beginAttempt(int index) {
		this.previousProviderIndex = this.providerIndex;
		this.providerIndex = (byte) index;
		this.attempt++;
		this.attemptRecorded = false;
		this.tried |= 1L << index;
		this.attemptStarted = System.nanoTime();
	}

	@Override
	public long attemptStarted() {
		return this.attemptStarted;
	}

	/**
	 * Returns the providers tried so far in this call.
	 * @return bit {@code i} set when provider {@code i} was tried
	 */
	public long tried() {
		return this.tried;
	}

	/**
	 * Records that the current attempt failed. The first stage to see the failure
	 * classifies it (by the service's {@code retry.ignore-exceptions} and its
	 * classifier); every other stage reporting the same attempt gets the same record, so
	 * a failure is classified once.
	 * @param failure what the attempt threw
	 * @return the attempt's record
	 */
	@Override
	public ThirdPartyException.Attempt attemptFailed(Throwable failure) {
		if (this.attemptRecorded) {
			return lastFailed();
		}
		FailureKind kind = this.service.classify(failure);
		ThirdPartyException.Attempt failed = new ThirdPartyException.Attempt(provider(), kind, failure,
				Duration.ofNanos(System.nanoTime() - this.attemptStarted));
		record(failed);
		this.attemptRecorded = true;
		this.mayRetry = switch (kind) {
			case VENDOR_FAILURE -> this.spec.idempotent();
			case NOT_DELIVERED, REJECTED -> true;
			case CALLER_ERROR -> false;
		};
		return failed;
	}

	/**
	 * Records that no provider could be tried, which ends the call.
	 * @param unavailable a failure per provider that was skipped
	 */
	public void recordNoProvider(List<ProviderUnavailableException> unavailable) {
		if (this.failures == null) {
			for (ProviderUnavailableException skipped : unavailable) {
				record(new ThirdPartyException.Attempt(skipped.getProvider(), FailureKind.REJECTED, skipped,
						Duration.ZERO));
			}
		}
		this.mayRetry = false;
	}

	/**
	 * Returns every failed attempt so far.
	 * @return the failures, in order
	 */
	public List<ThirdPartyException.Attempt> failures() {
		return (this.failures != null) ? this.failures : List.of();
	}

	/**
	 * Returns whether the call keeps a copy of its invocation for retries, because advice
	 * runs between the pipeline and the method.
	 * @return {@code true} when a copy was taken
	 */
	boolean keepsCopyForRetries() {
		return this.pristine != null;
	}

	/**
	 * Calls the target method for the current attempt. The first attempt proceeds the
	 * original invocation. When other advice runs inside this pipeline, every retry runs
	 * on a fresh copy of the copy taken before the first attempt, so that the advice runs
	 * again, with the original arguments, and an attempt abandoned on timeout cannot
	 * disturb the next. Otherwise proceeding only calls the target and changes nothing,
	 * so every attempt proceeds the original and no copy is ever made.
	 * @return what the method returned
	 * @throws Throwable what the method threw
	 */
	public Object proceedToTarget() throws Throwable {
		if (this.attempt <= 1 || this.pristine == null) {
			return this.invocation.proceed();
		}
		return this.pristine.invocableClone().proceed();
	}

	/**
	 * Returns what the last failure meant.
	 * @return the kind of the last failure, or {@code null} before any
	 */
	public FailureKind lastFailureKind() {
		ThirdPartyException.Attempt failed = lastFailed();
		return (failed != null) ? failed.kind() : null;
	}

	/**
	 * Returns whether the last failure allows another attempt: it was retryable, and the
	 * call is idempotent or the request never reached the vendor.
	 * @return {@code true} when another attempt may be made
	 */
	public boolean mayRetry() {
		return this.mayRetry;
	}

	@Override
	public boolean hasUntriedProvider() {
		return (this.service.available() & ~this.tried) != 0;
	}

	@Override
	public Throwable lastFailure() {
		ThirdPartyException.Attempt failed = lastFailed();
		return (failed != null) ? failed.cause() : null;
	}

	private ThirdPartyException.Attempt lastFailed() {
		return (this.failures != null) ? this.failures.get(this.failures.size() - 1) : null;
	}

	private void record(ThirdPartyException.Attempt failed) {
		if (this.failures == null) {
			this.failures = new ArrayList<>(4);
		}
		this.failures.add(failed);
	}

}
