package io.thirdparty.cache;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.TriggerContext;
import org.springframework.scheduling.support.CronExpression;

import io.thirdparty.config.ServiceProperties;
import io.thirdparty.provider.Secrets;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;

/**
 * One {@code @ThirdPartyPull} method, scheduled: its trigger and the work of each round.
 * Rounds run once at startup and then at the times the service's {@code cache.pull}
 * settings give, read afresh each round so a changed interval takes effect without a
 * restart. Interval rounds fall on multiples of the interval since the epoch, so every
 * instance agrees on them; each round is claimed through the {@link PullLock} before it
 * runs.
 */
public final class PullTask implements Runnable, Trigger {

	private static final Log logger = LogFactory.getLog(PullTask.class);

	private static final Duration RECHECK = Duration.ofMinutes(1);

	private static final long NO_ROUND = -1;

	private final String service;

	private final Object bean;

	private final Method method;

	private final ServiceRegistry services;

	private final ServiceCaches caches;

	private final PullLock lock;

	private final PullKeys keys;

	private final Clock clock;

	private final AtomicInteger rounds = new AtomicInteger();

	private final AtomicInteger pulls = new AtomicInteger();

	private volatile long round = NO_ROUND;

	PullTask(String service, Object bean, Method method, ServiceRegistry services, ServiceCaches caches, PullLock lock,
			PullKeys keys, Clock clock) {
		this.service = service;
		this.bean = bean;
		this.method = method;
		this.services = services;
		this.caches = caches;
		this.lock = lock;
		this.keys = keys;
		this.clock = clock;
	}

	public String service() {
		return this.service;
	}

	/**
	 * Returns the number of rounds this instance has reached, run or left to another
	 * instance.
	 * @return the count
	 */
	public int rounds() {
		return this.rounds.get();
	}

	/**
	 * Returns the number of rounds this instance ran.
	 * @return the count
	 */
	public int pulls() {
		return this.pulls.get();
	}

	@Override
	public Instant nextExecution(TriggerContext context) {
		ServiceProperties.Pull pull = pullSettings();
		Instant now = context.getClock().instant();
		if (pull == null) {
			this.round = NO_ROUND;
			return now.plus(RECHECK);
		}
		Instant last = context.lastCompletion();
		Instant next = (last != null) ? nextFire(pull, last) : now;
		this.round = nextFire(pull, next).toEpochMilli();
		return next;
	}

	@Override
	public void run() {
		long current = this.round;
		ServiceDefinition definition = this.services.get(this.service);
		if (current == NO_ROUND || definition == null || !definition.cache().active()) {
			return;
		}
		this.rounds.incrementAndGet();
		long now = this.clock.millis();
		Duration hold = Duration.ofMillis(Math.max(1000, 2 * (current - now)));
		if (!this.lock.tryAcquire(this.service, current, hold)) {
			logger.debug("Pull round " + current + " of '" + this.service + "' is run by another instance");
			return;
		}
		this.pulls.incrementAndGet();
		try {
			Map<?, ?> data = (Map<?, ?>) this.method.invoke(this.bean);
			store(definition.cache(), (data != null) ? data : Map.of());
		}
		catch (InvocationTargetException ex) {
			failed(ex.getTargetException());
		}
		catch (IllegalAccessException | RuntimeException ex) {
			failed(ex);
		}
	}

	private void failed(Throwable failure) {
		String message = "Scheduled pull of '" + this.service + "' by " + this.method
				+ " failed; the next round tries again";
		// a vendor's answer in the failure may hold anything: described at WARN, whole at
		// DEBUG
		logger.warn(message + " (" + Secrets.describe(failure) + ")");
		logger.debug(message, failure);
	}

	private void store(CacheSettings settings, Map<?, ?> data) {
		EntryCache cache = this.caches.cache(this.service);
		if (cache == null) {
			return;
		}
		long now = this.clock.millis();
		int stored = 0;
		for (Map.Entry<?, ?> item : data.entrySet()) {
			String key = this.keys.key(item.getKey());
			if (key != null && (item.getValue() != null || settings.cacheNulls())) {
				cache.write(ServiceCaches.cacheKey(key, settings.version()),
						CacheEntry.of(item.getValue(), now, settings));
				stored++;
			}
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Pulled " + stored + " of " + data.size() + " entries into the cache of '" + this.service
					+ "' (entries whose key has no stable text, or whose null value is not cached, are left out)");
		}
	}

	private ServiceProperties.Pull pullSettings() {
		ServiceDefinition definition = this.services.get(this.service);
		if (definition == null) {
			return null;
		}
		ServiceProperties.Pull pull = definition.settings().getCache().getPull();
		return (pull.getInterval() != null || pull.getCron() != null) ? pull : null;
	}

	static Instant nextFire(ServiceProperties.Pull pull, Instant after) {
		if (pull.getInterval() != null) {
			long interval = pull.getInterval().toMillis();
			return Instant.ofEpochMilli((Math.floorDiv(after.toEpochMilli(), interval) + 1) * interval);
		}
		ZoneId zone = (pull.getZone() != null) ? ZoneId.of(pull.getZone()) : ZoneId.systemDefault();
		ZonedDateTime next = CronExpression.parse(pull.getCron()).next(after.atZone(zone));
		return (next != null) ? next.toInstant() : after.plus(RECHECK);
	}

	@Override
	public String toString() {
		return "PullTask[" + this.service + ", " + this.method + "]";
	}

}
