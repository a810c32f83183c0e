package io.thirdparty.operator;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The last operator change of one part of a service's operator state, as the
 * {@code thirdparty} endpoint shows it: what was done, where it came from and when.
 *
 * @param action what was done, e.g. {@code disable}
 * @param provider the provider acted on, or {@code null}
 * @param version the cache version set, or {@code null}
 * @param origin {@code instance} when an operator made the change on this instance,
 * {@code fleet} when it came from another instance through Redis
 * @param instance the id of the instance the operator made the change on
 * @param at when the operator made it
 */
public record OperatorRecord(String action, @Nullable String provider, @Nullable String version, String origin,
		String instance, Instant at) {

	/** Origin of a change made on this instance. */
	public static final String INSTANCE = "instance";

	/** Origin of a change made on another instance and received through Redis. */
	public static final String FLEET = "fleet";

	/**
	 * Returns the record of a change.
	 * @param change the change
	 * @param origin {@link #INSTANCE} or {@link #FLEET}
	 * @param instance the id of the instance the operator made it on
	 * @param at when
	 * @return the record
	 */
	static OperatorRecord of(OperatorChange change, String origin, String instance, Instant at) {
		return new OperatorRecord(change.action().value(), change.provider(), change.version(), origin, instance, at);
	}

}
