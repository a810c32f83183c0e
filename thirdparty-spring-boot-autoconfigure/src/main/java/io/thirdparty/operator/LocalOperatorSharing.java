package io.thirdparty.operator;

import java.time.Clock;

import org.jspecify.annotations.Nullable;

/**
 * Operator changes without Redis: each applies to the instance it was made on only.
 */
public class LocalOperatorSharing implements OperatorSharing {

	private static final String NOT_SHARED = "This application has no Redis to share operator state through (or "
			+ "third-party.operator.shared=false): the change applies to this instance only";

	private final OperatorRecords records = new OperatorRecords();

	private final String instanceId;

	private final Clock clock;

	/**
	 * Creates the sharing of one instance.
	 * @param instanceId this instance's id, shown with its changes
	 * @param clock dates the changes
	 */
	public LocalOperatorSharing(String instanceId, Clock clock) {
		this.instanceId = instanceId;
		this.clock = clock;
	}

	@Override
	public String scope() {
		return INSTANCE;
	}

	@Override
	public Outcome share(OperatorChange change) {
		this.records.put(change.service(), change.part(),
				OperatorRecord.of(change, OperatorRecord.INSTANCE, this.instanceId, this.clock.instant()));
		return new Outcome(INSTANCE, false, NOT_SHARED);
	}

	@Override
	public @Nullable OperatorRecord last(String service, String part) {
		return this.records.get(service, part);
	}

}
