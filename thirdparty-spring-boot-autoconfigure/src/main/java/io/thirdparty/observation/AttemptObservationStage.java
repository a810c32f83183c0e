package io.thirdparty.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.core.Ordered;

import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyException;
import io.thirdparty.pipeline.CallChain;
import io.thirdparty.pipeline.CallStage;
import io.thirdparty.pipeline.StageOrders;
import io.thirdparty.pipeline.ThirdPartyInvocation;

/**
 * Wraps every attempt in an {@link Observation} named {@value #NAME} (a span
 * {@code thirdparty <service> <provider>} under a tracing bridge, child of the call's),
 * with the low-cardinality keys {@code service}, {@code provider} and {@code outcome}
 * ({@code success}, {@code failure}, {@code rejected}) and the attempt number as a
 * high-cardinality key. Names and key values are built once per provider, outcome and
 * attempt number, not per attempt.
 */
public class AttemptObservationStage implements CallStage, Ordered {

	/** Order of this stage: after the failover stage has chosen the provider. */
	public static final int ORDER = StageOrders.ATTEMPT_OBSERVATION;

	/** Name of the observation. */
	public static final String NAME = "thirdparty.attempt";

	private static final CallOutcome[] OUTCOMES = CallOutcome.values();

	/** The attempt numbers whose key values are kept. */
	private static final int KEPT_ATTEMPTS = 16;

	private final ObservationRegistry registry;

	/** Name and key values of each provider's attempts. */
	private final PerProvider<ProviderKeys> providers = new PerProvider<>((service, provider) -> new ProviderKeys(
			"thirdparty " + service + " " + provider, KeyValues.of("service", service, "provider", provider)));

	private final KeyValue[] outcomes = new KeyValue[OUTCOMES.length];

	private final KeyValues[] attempts = new KeyValues[KEPT_ATTEMPTS + 1];

	/**
	 * Creates the stage.
	 * @param registry the observation registry
	 */
	public AttemptObservationStage(ObservationRegistry registry) {
		this.registry = registry;
		for (CallOutcome outcome : OUTCOMES) {
			this.outcomes[outcome.ordinal()] = KeyValue.of("outcome", outcome.tag());
		}
		for (int attempt = 0; attempt <= KEPT_ATTEMPTS; attempt++) {
			this.attempts[attempt] = KeyValues.of("attempt", Integer.toString(attempt));
		}
	}

	@Override
	public Object invoke(ThirdPartyInvocation invocation, CallChain next) throws Throwable {
		Provider provider = invocation.provider();
		ProviderKeys keys = this.providers.get(provider.service(), provider.name());
		int attempt = invocation.attempt();
		Observation observation = Observation.createNotStarted(NAME, this.registry)
			.contextualName(keys.contextualName())
			.lowCardinalityKeyValues(keys.keyValues())
			.highCardinalityKeyValues((attempt >= 0 && attempt <= KEPT_ATTEMPTS) ? this.attempts[attempt]
					: KeyValues.of("attempt", Integer.toString(attempt)))
			.start();
		ThirdPartyException.Attempt failed = null;
		try (Observation.Scope scope = observation.openScope()) {
			return next.proceed(invocation);
		}
		catch (Throwable ex) {
			failed = invocation.attemptFailed(ex);
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.lowCardinalityKeyValue(this.outcomes[CallOutcome.ofAttempt(failed).ordinal()]);
			observation.stop();
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/** The contextual name and low-cardinality key values of a provider's attempts. */
	private record ProviderKeys(String contextualName, KeyValues keyValues) {
	}

}
