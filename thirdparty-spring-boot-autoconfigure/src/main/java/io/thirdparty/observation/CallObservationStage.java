package io.thirdparty.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.core.Ordered;

import io.thirdparty.pipeline.CallChain;
import io.thirdparty.pipeline.CallStage;
import io.thirdparty.pipeline.StageOrders;
import io.thirdparty.pipeline.ThirdPartyInvocation;

/**
 * Wraps every call in one {@link Observation}, named and tagged by a
 * {@link ThirdPartyCallObservationConvention}
 * ({@value DefaultThirdPartyCallObservationConvention#NAME} by default). It is the only
 * timing of a call: with Micrometer's meter handler on the registry (Spring Boot's
 * default whenever a {@code MeterRegistry} exists) the observation is the
 * {@code thirdparty.calls} timer. Attempts are observed inside it by
 * {@link AttemptObservationStage}. A registry without handlers costs the call nothing.
 */
public class CallObservationStage implements CallStage, Ordered {

	/** Order of this stage: inside the fallback, around the cache and the attempts. */
	public static final int ORDER = StageOrders.CALL_OBSERVATION;

	private final ObservationRegistry registry;

	private final ThirdPartyCallObservationConvention convention;

	/**
	 * Creates the stage with the default convention.
	 * @param registry the observation registry
	 */
	public CallObservationStage(ObservationRegistry registry) {
		this(registry, new DefaultThirdPartyCallObservationConvention());
	}

	/**
	 * Creates the stage.
	 * @param registry the observation registry
	 * @param convention names the observation and its key values, unless a global
	 * convention of the registry does
	 */
	public CallObservationStage(ObservationRegistry registry, ThirdPartyCallObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public Object invoke(ThirdPartyInvocation invocation, CallChain next) throws Throwable {
		if (this.registry.isNoop()) {
			return next.proceed(invocation);
		}
		ThirdPartyCallContext context = new ThirdPartyCallContext(invocation.service().name());
		Observation observation = Observation.createNotStarted(null, this.convention, () -> context, this.registry)
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
			context.setProvider((invocation.provider() != null) ? invocation.provider().name() : null);
			context.setOutcome(CallOutcome.ofCall(invocation, failure));
			context.setAttempts(invocation.attempt());
			observation.stop();
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
