package io.thirdparty.observation;

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
 * high-cardinality key.
 */
public class AttemptObservationStage implements CallStage, Ordered {

	/** Order of this stage: after the failover stage has chosen the provider. */
	public static final int ORDER = StageOrders.ATTEMPT_OBSERVATION;

	/** Name of the observation. */
	public static final String NAME = "thirdparty.attempt";

	private final ObservationRegistry registry;

	/**
	 * Creates the stage.
	 * @param registry the observation registry
	 */
	public AttemptObservationStage(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Object invoke(ThirdPartyInvocation invocation, CallChain next) throws Throwable {
		Provider provider = invocation.provider();
		Observation observation = Observation.createNotStarted(NAME, this.registry)
			.contextualName("thirdparty " + provider.service() + " " + provider.name())
			.lowCardinalityKeyValue("service", provider.service())
			.lowCardinalityKeyValue("provider", provider.name())
			.highCardinalityKeyValue("attempt", Integer.toString(invocation.attempt()))
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
			observation.lowCardinalityKeyValue("outcome", CallOutcome.ofAttempt(failed).tag());
			observation.stop();
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
