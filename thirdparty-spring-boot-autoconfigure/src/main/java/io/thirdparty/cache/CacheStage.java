package io.thirdparty.cache;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;

import io.thirdparty.ThirdPartyException;
import io.thirdparty.cache.FlightLease.Lease;
import io.thirdparty.cache.ServiceCaches.Outcome;
import io.thirdparty.cache.ServiceCaches.ServiceCache;
import io.thirdparty.pipeline.CallChain;
import io.thirdparty.pipeline.CallStage;
import io.thirdparty.pipeline.FailoverStage;
import io.thirdparty.pipeline.FallbackStage;
import io.thirdparty.pipeline.StageOrders;
import io.thirdparty.pipeline.ThirdPartyInvocation;

/**
 * The cache stage, between {@link FallbackStage} and {@link FailoverStage}: answers from
 * the service's cache when the entry is fresh; otherwise makes one upstream call per key
 * however many callers miss at once (single flight), stores its result and shares it with
 * them. When every provider fails it answers with the expired entry while within
 * {@code stale-if-error}, else lets the failure reach the fallback. A hit in the entry's
 * refresh-ahead window reloads it in the background. A call to a service without a cache
 * passes straight through. It reads the service's cache settings as the values built when
 * the service was loaded.
 * <p>
 * With a shared backend the single flight spans the instances ({@link FlightLease}): the
 * load of a missed key takes the key's lease first; an instance that finds it taken polls
 * the cache for the entry (every {@value #FIRST_POLL_MILLIS} ms, doubling up to
 * {@value #MAX_POLL_MILLIS} ms), taking the lease when it is free again (its loader
 * failed, or died and the lease expired), and calls the vendor itself once
 * {@code single-flight.wait} has passed. A loader releases the lease once the shared
 * store has its entry, so a waiter that takes it next finds the entry.
 */
public class CacheStage implements CallStage, Ordered {

	/** Order of this stage: after the fallback, before failover. */
	public static final int ORDER = StageOrders.CACHE;

	/** First pause of an instance waiting for another instance's load. */
	static final long FIRST_POLL_MILLIS = 20;

	/** Longest pause between two looks of a waiting instance. */
	static final long MAX_POLL_MILLIS = 200;

	private static final Log logger = LogFactory.getLog(CacheStage.class);

	private final ServiceCaches caches;

	private final CacheKeys keys;

	private final CacheMetrics metrics;

	private final CacheRefresher refresher;

	private final Clock clock;

	private final FlightLease lease;

	/**
	 * Creates the stage without a cluster lease (one load per key and instance).
	 * @param caches the services' caches
	 * @param keys makes each call's key
	 * @param metrics records how calls were answered
	 * @param refresher runs background reloads
	 * @param clock tells freshness
	 */
	public CacheStage(ServiceCaches caches, CacheKeys keys, CacheMetrics metrics, CacheRefresher refresher,
			Clock clock) {
		this(caches, keys, metrics, refresher, clock, FlightLease.LOCAL);
	}

	/**
	 * Creates the stage.
	 * @param caches the services' caches
	 * @param keys makes each call's key
	 * @param metrics records how calls were answered
	 * @param refresher runs background reloads
	 * @param clock tells freshness
	 * @param lease lets one instance load each missed key; {@link FlightLease#LOCAL} for
	 * none
	 */
	public CacheStage(ServiceCaches caches, CacheKeys keys, CacheMetrics metrics, CacheRefresher refresher, Clock clock,
			FlightLease lease) {
		this.caches = caches;
		this.keys = keys;
		this.metrics = metrics;
		this.refresher = refresher;
		this.clock = clock;
		this.lease = lease;
	}

	@Override
	public Object invoke(ThirdPartyInvocation invocation, CallChain next) throws Throwable {
		CacheSettings settings = invocation.service().cache();
		if (!settings.active()) {
			return next.proceed(invocation);
		}
		CacheKeys.Plan plan = this.keys.plan(invocation.spec());
		ServiceCache cache;
		if (plan.bypass() || (cache = this.caches.of(invocation.service().name())) == null) {
			return next.proceed(invocation);
		}
		String part = plan.key(invocation.target(), invocation.arguments());
		if (part == null) {
			return next.proceed(invocation);
		}
		String key = ServiceCaches.cacheKey(part, settings.version());
		CacheEntry entry = cache.entries().read(key);
		long now = this.clock.millis();
		if (entry != null && entry.isFresh(now)) {
			this.metrics.record(invocation.service().name(), CacheResult.HIT);
			if (entry.isRefreshDue(now, settings.refreshAhead())) {
				refresh(invocation, next, cache, key, settings, entry);
			}
			return entry.value();
		}
		return answer(invocation.service().name(), load(invocation, next, cache, key, settings, entry));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	private Outcome load(ThirdPartyInvocation invocation, CallChain next, ServiceCache cache, String key,
			CacheSettings settings, CacheEntry expired) {
		CompletableFuture<Outcome> flight = new CompletableFuture<>();
		CompletableFuture<Outcome> running = cache.flights().putIfAbsent(key, flight);
		if (running != null) {
			return await(running);
		}
		Outcome outcome = null;
		try {
			// a flight that ended between our read and our registration has stored its
			// result
			CacheEntry current = cache.entries().read(key);
			if (current != null && current.isFresh(this.clock.millis())) {
				outcome = Outcome.of(current.value(), CacheResult.HIT);
			}
			else {
				outcome = loadOnce(invocation, next, cache, key, settings, (current != null) ? current : expired);
			}
		}
		catch (Throwable failure) {
			outcome = Outcome.failed(failure);
		}
		finally {
			cache.flights().remove(key, flight);
			flight.complete(outcome);
		}
		return outcome;
	}

	/**
	 * Loads a missed key under its cluster lease, or waits for the instance that holds
	 * it.
	 */
	private Outcome loadOnce(ThirdPartyInvocation invocation, CallChain next, ServiceCache cache, String key,
			CacheSettings settings, CacheEntry previous) {
		if (!settings.clusterFlight() || this.lease == FlightLease.LOCAL) {
			return fetch(invocation, next, cache, key, settings, previous, false);
		}
		String service = invocation.service().name();
		long deadline = System.nanoTime() + settings.waitForLoad().toNanos();
		long pause = FIRST_POLL_MILLIS;
		boolean waited = false;
		while (true) {
			Lease held = this.lease.tryAcquire(service, key, settings.lease());
			if (held != null) {
				try {
					if (waited) {
						// the lease's previous holder may have stored the entry
						CacheEntry current = cache.entries().read(key);
						if (current != null && current.isFresh(this.clock.millis())) {
							return Outcome.of(current.value(), CacheResult.HIT);
						}
					}
					return fetch(invocation, next, cache, key, settings, previous, held != Lease.OWN);
				}
				finally {
					held.release();
				}
			}
			long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			if (left <= 0) {
				if (logger.isDebugEnabled()) {
					logger.debug("Another instance still loads " + service + ":" + key + " after "
							+ settings.waitForLoad() + "; calling the vendor from this one");
				}
				return fetch(invocation, next, cache, key, settings, previous, false);
			}
			try {
				Thread.sleep(Math.min(pause, left));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Outcome.failed(ex);
			}
			waited = true;
			pause = Math.min(pause * 2, MAX_POLL_MILLIS);
			CacheEntry current = cache.entries().read(key);
			if (current != null && current.isFresh(this.clock.millis())) {
				return Outcome.of(current.value(), CacheResult.HIT);
			}
		}
	}

	/**
	 * Calls the vendor and stores the result; under a lease ({@code confirm}) waits until
	 * the shared store has the entry, so the lease is released only then.
	 */
	private Outcome fetch(ThirdPartyInvocation invocation, CallChain next, ServiceCache cache, String key,
			CacheSettings settings, CacheEntry previous, boolean confirm) {
		try {
			Object value = next.proceed(invocation);
			store(cache, key, value, settings, confirm);
			return Outcome.of(value, CacheResult.MISS);
		}
		catch (ThirdPartyException failure) {
			if (previous != null && previous.isServable(this.clock.millis())) {
				if (logger.isDebugEnabled()) {
					logger.debug("Every provider of '" + invocation.service().name()
							+ "' failed; serving the stale entry " + key, failure);
				}
				return Outcome.of(previous.value(), CacheResult.STALE);
			}
			return Outcome.failed(failure);
		}
		catch (Throwable failure) {
			return Outcome.failed(failure);
		}
	}

	private void refresh(ThirdPartyInvocation invocation, CallChain next, ServiceCache cache, String key,
			CacheSettings settings, CacheEntry entry) {
		CompletableFuture<Outcome> flight = new CompletableFuture<>();
		if (cache.flights().putIfAbsent(key, flight) != null) {
			return;
		}
		ThirdPartyInvocation reload = invocation.detach();
		boolean accepted = this.refresher.submit(() -> {
			Outcome outcome = null;
			Lease held = settings.clusterFlight()
					? this.lease.tryAcquire(invocation.service().name(), key, settings.lease()) : Lease.OWN;
			try {
				if (held == null) {
					// another instance reloads it
					outcome = Outcome.of(entry.value(), CacheResult.HIT);
					return;
				}
				Object value = next.proceed(reload);
				store(cache, key, value, settings, held != Lease.OWN);
				outcome = Outcome.of(value, CacheResult.MISS);
			}
			catch (Throwable failure) {
				logger.debug("Refresh-ahead of " + invocation.service().name() + ":" + key + " failed; the entry stays "
						+ "until it expires", failure);
				long now = this.clock.millis();
				outcome = entry.isServable(now)
						? Outcome.of(entry.value(), entry.isFresh(now) ? CacheResult.HIT : CacheResult.STALE)
						: Outcome.failed(failure);
			}
			finally {
				if (held != null) {
					held.release();
				}
				cache.flights().remove(key, flight);
				flight.complete(outcome);
			}
		});
		if (!accepted) {
			cache.flights().remove(key, flight);
			flight.complete(Outcome.of(entry.value(), CacheResult.HIT));
			logger.debug("Refresh-ahead of " + invocation.service().name() + ":" + key
					+ " skipped: every refresh thread is busy");
		}
	}

	private void store(ServiceCache cache, String key, Object value, CacheSettings settings, boolean confirm) {
		if (value == null && !settings.cacheNulls()) {
			return;
		}
		CacheEntry entry = CacheEntry.of(value, this.clock.millis(), settings);
		if (!confirm) {
			cache.entries().write(key, entry);
			return;
		}
		CompletableFuture<Void> stored = cache.entries().writeShared(key, entry);
		try {
			stored.get(settings.lease().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// the lease is released all the same: a waiter that misses the entry loads it
			logger.debug("Entry " + key + " not confirmed by the shared cache before its lease is released", ex);
		}
	}

	private static Outcome await(CompletableFuture<Outcome> flight) {
		try {
			return flight.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Outcome.failed(ex);
		}
		catch (ExecutionException ex) {
			return Outcome.failed(ex.getCause());
		}
	}

	private Object answer(String service, Outcome outcome) throws Throwable {
		this.metrics.record(service, outcome.result());
		if (outcome.failure() != null) {
			throw outcome.failure();
		}
		return outcome.value();
	}

}
