package io.thirdparty.pipeline;

import org.springframework.core.Ordered;

/**
 * The order of every stage of the {@code @ThirdPartyCall} pipeline, outermost first, in
 * one place; README's stage table is checked against it. A stage of your own takes a
 * value between two of these to run between those stages.
 */
public final class StageOrders {

	/** {@code AsyncCallStage}: decides where the rest of the call runs. */
	public static final int ASYNC = 0;

	/** {@link FallbackStage}: answers with the fallback when every provider failed. */
	public static final int FALLBACK = 100;

	/** {@code CallObservationStage}: observes, and so times, the whole call. */
	public static final int CALL_OBSERVATION = 140;

	/** {@code CacheStage}: answers from the service's cache. */
	public static final int CACHE = 200;

	/** {@link FailoverStage}: chooses each attempt's provider and retries. */
	public static final int FAILOVER = 300;

	/** {@code AttemptObservationStage}: observes each attempt. */
	public static final int ATTEMPT_OBSERVATION = 340;

	/** {@link AttemptStage}: accounts for each attempt in its provider's state. */
	public static final int ATTEMPT = 350;

	/** {@link ProtectionStage}: runs the attempt under its provider's guard. */
	public static final int PROTECTION = 400;

	/**
	 * {@code FutureResultStage}: waits for a future the method returned, inside the
	 * attempt.
	 */
	public static final int FUTURE_RESULT = 500;

	/** {@link InvocationStage}: calls the method; always last. */
	public static final int INVOCATION = Ordered.LOWEST_PRECEDENCE;

	private StageOrders() {
	}

}
