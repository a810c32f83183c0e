package io.thirdparty.operator;

import org.jspecify.annotations.Nullable;

/**
 * How far an operator change of the {@code thirdparty} endpoint reaches: this instance
 * only, or every instance of the application (through Redis). The endpoint applies a
 * change on this instance first, then hands it here; this also remembers the last change
 * of each part of a service's state, and where it came from, for the endpoint to show.
 */
public interface OperatorSharing {

	/** Scope of changes that apply to this instance only. */
	String INSTANCE = "instance";

	/** Scope of changes that every instance applies. */
	String FLEET = "fleet";

	/**
	 * Returns how far changes reach when Redis answers.
	 * @return {@link #INSTANCE} or {@link #FLEET}
	 */
	String scope();

	/**
	 * Records a change applied on this instance and passes it on to the other instances.
	 * @param change the change, already applied here
	 * @return whether it was passed on
	 */
	Outcome share(OperatorChange change);

	/**
	 * Returns the last change of one part of a service's operator state.
	 * @param service the service name
	 * @param part the part, see {@link OperatorChange#part()}
	 * @return the change, or {@code null} when no operator changed it since this instance
	 * started
	 */
	@Nullable OperatorRecord last(String service, String part);

	/**
	 * Returns the last operator change that concerns a provider: of its standing
	 * (disabled, enabled), its breaker, or a switchover to it.
	 * @param service the service name
	 * @param provider the provider name
	 * @return the latest of them, or {@code null} when none
	 */
	default @Nullable OperatorRecord lastOfProvider(String service, String provider) {
		OperatorRecord latest = null;
		for (String part : new String[] { "provider:" + provider, "breaker:" + provider, "switchover" }) {
			OperatorRecord record = last(service, part);
			if (record == null || (part.equals("switchover") && !provider.equals(record.provider()))) {
				continue;
			}
			if (latest == null || record.at().isAfter(latest.at())) {
				latest = record;
			}
		}
		return latest;
	}

	/**
	 * What became of a change.
	 *
	 * @param scope how far it reached: {@link #INSTANCE} or {@link #FLEET}
	 * @param shared whether the other instances received it
	 * @param detail why it was not shared, or {@code null}
	 */
	record Outcome(String scope, boolean shared, @Nullable String detail) {
	}

}
