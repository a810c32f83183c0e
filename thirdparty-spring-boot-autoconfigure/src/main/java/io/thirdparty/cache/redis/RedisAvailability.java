package io.thirdparty.cache.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Whether the cache should use Redis now. After a failure Redis is left alone for the retry
 * interval; then one call tries it again, and its success ends the outage. Logs one warning when
 * an outage begins and one line when it ends, whatever the number of calls in between.
 */
public class RedisAvailability {

	private static final Log logger = LogFactory.getLog(RedisAvailability.class);

	private static final long UP = 0;

	private final Clock clock;

	private final long retryMillis;

	/** {@link #UP}, or the epoch millisecond from which the next try may be made. */
	private final AtomicLong retryAt = new AtomicLong(UP);

	private final List<Runnable> recoveryListeners = new CopyOnWriteArrayList<>();

	private final String outage;

	private final String recovery;

	/**
	 * Creates the tracker of the cache.
	 * @param clock the time
	 * @param retryInterval how long to leave Redis alone after a failure
	 */
	public RedisAvailability(Clock clock, Duration retryInterval) {
		this(clock, retryInterval,
				"Redis is unavailable to the third-party cache; calls are answered by the vendors (and the "
						+ "in-memory level, if any) until it returns.",
				"Redis is reachable again: third-party caching through Redis resumed");
	}

	/**
	 * Creates a tracker for another user of Redis.
	 * @param clock the time
	 * @param retryInterval how long to leave Redis alone after a failure
	 * @param outage the warning logged when an outage begins
	 * @param recovery the line logged when it ends
	 */
	public RedisAvailability(Clock clock, Duration retryInterval, String outage, String recovery) {
		this.clock = clock;
		this.retryMillis = retryInterval.toMillis();
		this.outage = outage;
		this.recovery = recovery;
	}

	/**
	 * Returns whether to use Redis for an operation now: while it is up, or as the one try that
	 * the end of a retry interval allows.
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
	 * Records a successful operation; ends an outage.
	 */
	public void succeeded() {
		if (this.retryAt.get() != UP && this.retryAt.getAndSet(UP) != UP) {
			logger.info(this.recovery);
			this.recoveryListeners.forEach(Runnable::run);
		}
	}

	/**
	 * Records a failed operation; begins an outage, or extends it.
	 * @param failure why it failed
	 */
	public void failed(Throwable failure) {
		long previous = this.retryAt.getAndSet(this.clock.millis() + this.retryMillis);
		if (previous == UP) {
			logger.warn(this.outage + " Trying again every " + this.retryMillis + " ms.", failure);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Redis still unavailable to the third-party cache", failure);
		}
	}

	/**
	 * Registers an action to run when an outage ends.
	 * @param listener the action
	 */
	public void onRecovery(Runnable listener) {
		this.recoveryListeners.add(listener);
	}

}
