package io.thirdparty.cache;

import java.util.Locale;

/**
 * How a cached call was answered: the {@code result} tag of
 * {@code thirdparty.cache.requests}.
 */
public enum CacheResult {

	/** A fresh entry answered. */
	HIT,

	/**
	 * No fresh entry: the vendor was called (or the caller waited for a call in flight).
	 */
	MISS,

	/** Every provider failed and an expired entry within stale-if-error answered. */
	STALE;

	private final String tag = name().toLowerCase(Locale.ROOT);

	/**
	 * Returns the value of the {@code result} tag.
	 * @return hit, miss or stale
	 */
	public String tag() {
		return this.tag;
	}

}
