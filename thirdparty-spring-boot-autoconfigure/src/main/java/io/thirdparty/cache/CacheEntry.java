package io.thirdparty.cache;

import java.time.Duration;

/**
 * One cached result with its life: fresh until {@code freshUntil}, then servable as a
 * stale value while every provider fails, until {@code staleUntil}, when the backend
 * drops it. Times are epoch milliseconds, so instances sharing Redis agree on them.
 *
 * @param value the result, possibly {@code null}
 * @param freshUntil epoch millisecond the entry stops being fresh
 * @param staleUntil epoch millisecond the entry stops being servable at all
 */
public record CacheEntry(Object value, long freshUntil, long staleUntil) {

	/**
	 * Creates an entry for a result obtained now.
	 * @param value the result
	 * @param now the current epoch millisecond
	 * @param settings the service's cache settings
	 * @return the entry
	 */
	public static CacheEntry of(Object value, long now, CacheSettings settings) {
		long freshUntil = now + settings.ttl().toMillis();
		return new CacheEntry(value, freshUntil, freshUntil + settings.staleIfError().toMillis());
	}

	/**
	 * Returns whether the entry is fresh.
	 * @param now the current epoch millisecond
	 * @return {@code true} before {@code freshUntil}
	 */
	public boolean isFresh(long now) {
		return now < this.freshUntil;
	}

	/**
	 * Returns whether the entry may still be served, fresh or stale.
	 * @param now the current epoch millisecond
	 * @return {@code true} before {@code staleUntil}
	 */
	public boolean isServable(long now) {
		return now < this.staleUntil;
	}

	/**
	 * Returns whether a read now falls in the entry's refresh-ahead window.
	 * @param now the current epoch millisecond
	 * @param refreshAhead the window, 0 for none
	 * @return {@code true} when the entry should be reloaded in the background
	 */
	public boolean isRefreshDue(long now, Duration refreshAhead) {
		long window = refreshAhead.toMillis();
		return window > 0 && now >= this.freshUntil - window;
	}

	/**
	 * Returns how long the backend keeps the entry from now.
	 * @param now the current epoch millisecond
	 * @return the remaining life, at least one millisecond
	 */
	public Duration remainingLife(long now) {
		return Duration.ofMillis(Math.max(1, this.staleUntil - now));
	}

}
