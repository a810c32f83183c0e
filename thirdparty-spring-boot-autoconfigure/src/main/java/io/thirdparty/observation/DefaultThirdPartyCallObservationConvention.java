package io.thirdparty.observation;

import io.micrometer.common.KeyValues;

/**
 * The default {@link ThirdPartyCallObservationConvention}: observations, and through
 * Micrometer's meter handler timers, named {@value #NAME}, a span
 * {@code thirdparty <service>} under a tracing bridge, with the low-cardinality keys
 * {@code service}, {@code provider} (the provider of the last attempt, {@code none} when
 * none was tried) and {@code outcome} ({@code success}, {@code failure},
 * {@code rejected}, {@code fallback}; {@code unknown} until the call ends) and the number
 * of attempts as the high-cardinality key {@code attempts}.
 */
public class DefaultThirdPartyCallObservationConvention implements ThirdPartyCallObservationConvention {

	/** Name of the observation and of the timer. */
	public static final String NAME = "thirdparty.calls";

	private static final String NONE = "none";

	private static final String UNKNOWN = "unknown";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(ThirdPartyCallContext context) {
		return "thirdparty " + context.getService();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ThirdPartyCallContext context) {
		return KeyValues.of("service", context.getService(), "provider",
				(context.getProvider() != null) ? context.getProvider() : NONE, "outcome",
				(context.getOutcome() != null) ? context.getOutcome().tag() : UNKNOWN);
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ThirdPartyCallContext context) {
		return KeyValues.of("attempts", Integer.toString(context.getAttempts()));
	}

}
