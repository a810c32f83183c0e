package io.thirdparty.cache.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Whether the starter should use Redis now, one tracker for everything it keeps there:
 * the cache and its pull lock, two-level cache invalidations and callback nonces. After a
 * failure Redis is left alone for the retry interval; then one operation tries it again,
 * and its success ends the outage. Logs one warning when an outage begins and one line
 * when it ends, whatever the number of operations in between; counts what was not written
 * to Redis meanwhile ({@link #dropped}) and runs the {@link #onRecovery recovery actions}
 * when it ends.
 */
public class RedisAvailability {

	/** What {@link #dropped} counts: a two-level cache invalidation not announced. */
	public static final String DROPPED_INVALIDATION = "invalidation";

	/** What {@link #dropped} counts: a cache entry not written to Redis. */
	public static final String DROPPED_CACHE_WRITE = "cache-write";

	/** What {@link #dropped} counts: a cache eviction or clear not applied in Redis. */
	public static final String DROPPED_CACHE_EVICTION = "cache-eviction";

	/** What {@link #dropped} counts: a cache refresh not sent to the other instances. */
	public static final String DROPPED_CACHE_REFRESH = "cache-refresh";

	/**
	 * What {@link #dropped} counts: a callback nonce remembered in this instance only.
	 */
	public static final String DROPPED_NONCE = "nonce";

	private static final Log logger = LogFactory.getLog(RedisAvailability.class);

	private static final long UP = 0;

	private final Clock clock;

	private final long retryMillis;

	private final RedisMetrics metrics;

	/** {@link #UP}, or the epoch millisecond from which the next try may be made. */
	private final AtomicLong retryAt = new AtomicLong(UP);

	private final List<Runnable> recoveryListeners = new CopyOnWriteArrayList<>();

	/**
	 * What was dropped since the current (or last) outage began, for the line that ends
	 * it.
	 */
	private final Map<String, LongAdder> droppedInOutage = new ConcurrentHashMap<>();

	private volatile long downSince;

	/**
	 * Creates the tracker without metrics.
	 * @param clock the time
	 * @param retryInterval how long to leave Redis alone after a failure
	 */
	public RedisAvailability(Clock clock, Duration retryInterval) {
		this(clock, retryInterval, RedisMetrics.NONE);
	}

	/**
	 * Creates the tracker.
	 * @param clock the time
	 * @param retryInterval how long to leave Redis alone after a failure
	 * @param metrics counts what was not written to Redis
	 */
	public RedisAvailability(Clock clock, Duration retryInterval, RedisMetrics metrics) {
		this.clock = clock;
		this.retryMillis = retryInterval.toMillis();
		this.metrics = metrics;
	}

	/**
	 * Returns whether to use Redis for an operation now: while it is up, or as the one
	 * try that the end of a retry interval allows.
	 * @return {@code true} to use Redis
	 */
	public boolean shouldTry() {
		long at = this.retryAt.get();
		if (at == UP) {
			return true;
		}
		long now = this.clock.millis();
		return now >= at && this.retryAt.compareAndSet(at, now + this.retryMillis);
	}

	/**
	 * Returns whether Redis is believed up.
	 * @return {@code false} during an outage
	 */
	public boolean isUp() {
		return this.retryAt.get() == UP;
	}

	/**
	 * Records a successful operation; ends an outage and runs the recovery actions.
	 */
	public void succeeded() {
		if (this.retryAt.get() != UP && this.retryAt.getAndSet(UP) != UP) {
			long millis = Math.max(0, this.clock.millis() - this.downSince);
			logger.info("Redis is reachable again after " + millis + " ms: the third-party starter uses it again"
					+ droppedSummary());
			this.recoveryListeners.forEach(Runnable::run);
		}
	}

	/**
	 * Records a failed operation; begins an outage, or extends it.
	 * @param failure why it failed
	 */
	public void failed(Throwable failure) {
		long now = this.clock.millis();
		long previous = this.retryAt.getAndSet(now + this.retryMillis);
		if (previous == UP) {
			this.downSince = now;
			this.droppedInOutage.clear();
			logger
				.warn("Redis is unavailable to the third-party starter: cached calls are answered by the vendors (and "
						+ "the in-memory level, if any), cache invalidations are not announced, callback nonces are "
						+ "remembered and operator actions applied in this instance only, quotas fall back to each "
						+ "instance's local share, until it returns. Trying again every " + this.retryMillis + " ms.",
						failure);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Redis still unavailable to the third-party starter", failure);
		}
	}

	/**
	 * Records that something was not written to Redis (it was unavailable, or the write
	 * could not be queued), counted in the metrics and in the line that ends the outage.
	 * @param what one of the {@code DROPPED_*} names
	 */
	public void dropped(String what) {
		this.metrics.dropped(what);
		this.droppedInOutage.computeIfAbsent(what, (name) -> new LongAdder()).increment();
	}

	/**
	 * Registers an action to run when an outage ends.
	 * @param listener the action
	 */
	public void onRecovery(Runnable listener) {
		this.recoveryListeners.add(listener);
	}

	private String droppedSummary() {
		if (this.droppedInOutage.isEmpty()) {
			return "";
		}
		StringJoiner summary = new StringJoiner(", ", "; not written to Redis meanwhile: ", "");
		new TreeMap<>(this.droppedInOutage).forEach((what, count) -> summary.add(count.sum() + " " + what));
		this.droppedInOutage.clear();
		return summary.toString();
	}

}
