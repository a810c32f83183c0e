package io.thirdparty.pipeline;

/**
 * One step of the {@code @ThirdPartyCall} pipeline (fallback, cache, failover,
 * protection, invocation). Stages are beans ordered by
 * {@link org.springframework.core.Ordered}; each does one thing and hands the call on
 * through {@link CallChain#proceed}.
 */
@FunctionalInterface
public interface CallStage {

	/**
	 * Runs this stage.
	 * @param invocation the call in progress
	 * @param next the rest of the pipeline
	 * @return the call's result
	 * @throws Throwable the call's failure
	 */
	Object invoke(ThirdPartyInvocation invocation, CallChain next) throws Throwable;

}
