package io.thirdparty.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.common.KeyValues;

/**
 * The default {@link ThirdPartyCallObservationConvention}: observations, and through
 * Micrometer's meter handler timers, named {@value #NAME}, a span
 * {@code thirdparty <service>} under a tracing bridge, with the low-cardinality keys
 * {@code service}, {@code provider} (the provider of the last attempt, {@code none} when
 * none was tried) and {@code outcome} ({@code success}, {@code failure},
 * {@code rejected}, {@code fallback}; {@code unknown} until the call ends) and the number
 * of attempts as the high-cardinality key {@code attempts}. The key values of each
 * combination are built once and kept: a call asks for them when it starts and when it
 * stops.
 */
public class DefaultThirdPartyCallObservationConvention implements ThirdPartyCallObservationConvention {

	/** Name of the observation, and of its timer. */
	public static final String NAME = "thirdparty.calls";

	private static final String NONE = "none";

	private static final String UNKNOWN = "unknown";

	private static final CallOutcome[] OUTCOMES = CallOutcome.values();

	/** The {@code attempts} key values of calls of up to this many attempts are kept. */
	private static final int KEPT_ATTEMPTS = 16;

	/** Low-cardinality key values by service, provider and outcome (last: unknown). */
	private final PerProvider<KeyValues[]> lowCardinality = new PerProvider<>(
			(service, provider) -> new KeyValues[OUTCOMES.length + 1]);

	private final Map<String, String> contextualNames = new ConcurrentHashMap<>();

	private final KeyValues[] attempts = new KeyValues[KEPT_ATTEMPTS + 1];

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(ThirdPartyCallContext context) {
		return this.contextualNames.computeIfAbsent(context.getService(), (service) -> "thirdparty " + service);
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ThirdPartyCallContext context) {
		String provider = (context.getProvider() != null) ? context.getProvider() : NONE;
		CallOutcome outcome = context.getOutcome();
		KeyValues[] byOutcome = this.lowCardinality.get(context.getService(), provider);
		int slot = (outcome != null) ? outcome.ordinal() : OUTCOMES.length;
		KeyValues keyValues = byOutcome[slot];
		if (keyValues == null) {
			// racing threads build equal values; KeyValues is immutable
			keyValues = KeyValues.of("service", context.getService(), "provider", provider, "outcome",
					(outcome != null) ? outcome.tag() : UNKNOWN);
			byOutcome[slot] = keyValues;
		}
		return keyValues;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ThirdPartyCallContext context) {
		int count = context.getAttempts();
		if (count < 0 || count > KEPT_ATTEMPTS) {
			return KeyValues.of("attempts", Integer.toString(count));
		}
		KeyValues keyValues = this.attempts[count];
		if (keyValues == null) {
			keyValues = KeyValues.of("attempts", Integer.toString(count));
			this.attempts[count] = keyValues;
		}
		return keyValues;
	}

}
