package io.thirdparty.quota;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

import io.thirdparty.cache.redis.RedisAvailability;

/**
 * One quota, of a service or of a provider: at most {@code limit} requests per window,
 * counted in a bucket every instance shares when there is one
 * ({@link SharedQuotaBuckets}), else in a bucket of this instance.
 * <p>
 * While the shared bucket cannot be reached the quota counts in a local bucket holding
 * the {@linkplain QuotaSettings#localLimit() local share} of the limit, never without
 * limit, and returns to the shared bucket by itself once Redis answers again (see
 * {@link RedisAvailability}). The requests this instance sent through the shared bucket
 * in the current window count against its local share too, so an outage that begins
 * mid-window leaves the instance only what remains of its share.
 * <p>
 * A refused request leaves a hint, the end of the current window, so that selection skips
 * the provider with one volatile read and no Redis round trip until then; a refusal of
 * the local share holds only until Redis may be tried again.
 */
public final class Quota {

	private final String scope;

	private final QuotaSettings settings;

	private final Clock clock;

	private final Bucket local;

	private final SharedQuotaBuckets shared;

	private final String key;

	private final BucketConfiguration sharedConfiguration;

	private final RedisAvailability availability;

	private final long retryMillis;

	private volatile Bucket sharedBucket;

	/**
	 * Epoch millisecond until which the quota is known to be spent; 0 when not known to
	 * be.
	 */
	private volatile long spentUntil;

	Quota(String scope, QuotaSettings settings, Clock clock, SharedQuotaBuckets shared, String key,
			RedisAvailability availability, Duration retryInterval) {
		this.scope = scope;
		this.settings = settings;
		this.clock = clock;
		this.shared = shared;
		this.key = key;
		this.availability = availability;
		this.retryMillis = retryInterval.toMillis();
		this.sharedConfiguration = (shared != null) ? settings.bucket(settings.limit()) : null;
		this.local = Bucket.builder()
			.withCustomTimePrecision(new ClockTimeMeter(clock))
			.addLimit(settings.bucket((shared != null) ? settings.localLimit() : settings.limit()).getBandwidths()[0])
			.build();
	}

	/**
	 * Takes one request from the quota.
	 * @return {@code true} when the request may be sent, {@code false} when the quota is
	 * spent for the current window
	 */
	public boolean tryAcquire() {
		if (isSpent()) {
			return false;
		}
		if (this.shared != null && this.availability.shouldTry()) {
			ConsumptionProbe probe = consumeShared();
			if (probe != null) {
				if (probe.isConsumed()) {
					// this instance's own requests of the window count against its local
					// share, so
					// that an outage beginning mid-window leaves it only what remains of
					// that share
					this.local.tryConsume(1);
				}
				return accept(probe, Long.MAX_VALUE);
			}
		}
		// a local refusal holds only until Redis may be tried again, which may find room
		// in the shared bucket
		return accept(this.local.tryConsumeAndReturnRemaining(1),
				(this.shared != null) ? this.retryMillis : Long.MAX_VALUE);
	}

	/**
	 * Gives back a request taken by {@link #tryAcquire()} that was not sent after all.
	 */
	public void refund() {
		Bucket bucket = this.sharedBucket;
		if (bucket != null && this.availability.isUp()) {
			try {
				bucket.addTokens(1);
				this.availability.succeeded();
			}
			catch (RuntimeException ex) {
				this.availability.failed(ex);
			}
		}
		// the local bucket counted the request either way: as the fallback, or as this
		// instance's share
		this.local.addTokens(1);
	}

	/**
	 * Returns whether the quota is known to be spent until its next window, without
	 * asking Redis: true after a refused {@link #tryAcquire()} until that window opens.
	 * @return {@code true} while known to be spent
	 */
	public boolean isSpent() {
		long until = this.spentUntil;
		return until != 0 && this.clock.millis() < until;
	}

	/**
	 * Returns when the quota has room again, once known to be spent.
	 * @return the start of the next window, or {@code null} when not known to be spent
	 */
	public Instant spentUntil() {
		long until = this.spentUntil;
		return (until != 0 && this.clock.millis() < until) ? Instant.ofEpochMilli(until) : null;
	}

	/**
	 * Returns the quota's settings.
	 * @return the settings
	 */
	public QuotaSettings settings() {
		return this.settings;
	}

	/**
	 * Returns whether the quota is counted in a bucket every instance shares.
	 * @return {@code false} when each instance counts alone
	 */
	public boolean isShared() {
		return this.shared != null;
	}

	/**
	 * Returns the exception that tells a caller the quota is spent.
	 * @return the exception
	 */
	public QuotaExhaustedException exhausted() {
		return new QuotaExhaustedException(this.scope, this.settings, spentUntil());
	}

	/**
	 * Describes why the quota keeps its provider out of selection.
	 * @return the reason
	 */
	public String spentReason() {
		Instant until = spentUntil();
		return "quota of " + this.settings + " spent" + ((until != null) ? " until " + until : "");
	}

	@Override
	public String toString() {
		return "Quota[" + this.scope + ", " + this.settings + (isShared() ? ", shared" : ", local") + "]";
	}

	private boolean accept(ConsumptionProbe probe, long longestHintMillis) {
		if (probe.isConsumed()) {
			return true;
		}
		long waitMillis = Math.min(longestHintMillis, (probe.getNanosToWaitForRefill() + 999_999) / 1_000_000);
		this.spentUntil = this.clock.millis() + Math.max(1, waitMillis);
		return false;
	}

	/**
	 * Consumes from the shared bucket; {@code null} when it cannot be reached or is not
	 * ready.
	 */
	private ConsumptionProbe consumeShared() {
		try {
			Bucket bucket = this.sharedBucket;
			if (bucket == null) {
				bucket = this.shared.bucket(this.key, this.sharedConfiguration);
				this.sharedBucket = bucket;
			}
			if (bucket == null) {
				return null;
			}
			ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
			this.availability.succeeded();
			return probe;
		}
		catch (RuntimeException ex) {
			this.availability.failed(ex);
			return null;
		}
	}

}
