package io.thirdparty.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.core.Ordered;

import io.thirdparty.pipeline.CallChain;
import io.thirdparty.pipeline.CallStage;
import io.thirdparty.pipeline.ThirdPartyInvocation;

/**
 * Wraps every call in an {@link Observation} named {@value #NAME} (a span
 * {@code thirdparty <service>} under a tracing bridge), with the low-cardinality keys
 * {@code service}, {@code provider} and {@code outcome}. Attempts are observed inside it by
 * {@link AttemptObservationStage}.
 */
public class CallObservationStage implements CallStage, Ordered {

	/** Order of this stage: inside the fallback, outside the call timer. */
	public static final int ORDER = 140;

	/** Name of the observation. */
	public static final String NAME = "thirdparty.call";

	private final ObservationRegistry registry;

	/**
	 * Creates the stage.
	 * @param registry the observation registry
	 */
	public CallObservationStage(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Object invoke(ThirdPartyInvocation invocation, CallChain next) throws Throwable {
		String service = invocation.service().name();
		Observation observation = Observation.createNotStarted(NAME, this.registry)
			.contextualName("thirdparty " + service)
			.lowCardinalityKeyValue("service", service)
			.start();
		Throwable failure = null;
		try (Observation.Scope scope = observation.openScope()) {
			return next.proceed(invocation);
		}
		catch (Throwable ex) {
			failure = ex;
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.lowCardinalityKeyValue("provider",
					(invocation.provider() != null) ? invocation.provider().name() : "none");
			observation.lowCardinalityKeyValue("outcome", CallOutcome.ofCall(invocation, failure).tag());
			observation.highCardinalityKeyValue("attempts", Integer.toString(invocation.attempt()));
			observation.stop();
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
