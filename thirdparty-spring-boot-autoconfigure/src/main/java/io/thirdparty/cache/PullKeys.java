package io.thirdparty.cache;

import io.thirdparty.cache.KeyEncoding.Encoder;

/**
 * How a {@code @ThirdPartyPull} keys the entries it stores: the keyspace of the calls it
 * answers, then the map key written as those calls write theirs.
 */
public final class PullKeys {

	private final String prefix;

	private final Encoder encoder;

	PullKeys(String prefix, Encoder encoder) {
		this.prefix = prefix;
		this.encoder = encoder;
	}

	/**
	 * Returns the {@code <key>} part of one pulled entry.
	 * @param key the map key
	 * @return the part, or {@code null} when the key has no stable text
	 */
	public String key(Object key) {
		StringBuilder text = new StringBuilder(this.prefix);
		return KeyEncoding.write(this.encoder, key, text) ? text.toString() : null;
	}

}
