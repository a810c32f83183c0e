package io.thirdparty.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.core.Ordered;

import io.thirdparty.pipeline.CallChain;
import io.thirdparty.pipeline.CallStage;
import io.thirdparty.pipeline.ThirdPartyInvocation;
import io.thirdparty.resilience.FailureClassifier;

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

	private final FailureClassifier classifier;

	/**
	 * Creates the stage.
	 * @param registry the observation registry
	 * @param classifier tells rejections apart
	 */
	public CallObservationStage(ObservationRegistry registry, FailureClassifier classifier) {
		this.registry = registry;
		this.classifier = classifier;
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
			observation.lowCardinalityKeyValue("outcome", CallOutcome.ofCall(invocation, failure, this.classifier).tag());
			observation.highCardinalityKeyValue("attempts", Integer.toString(invocation.attempt()));
			observation.stop();
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
