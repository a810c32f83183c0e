package io.thirdparty.pipeline;

import java.util.List;

/**
 * The remaining stages of the pipeline, linked once at startup so that a call allocates
 * nothing to walk them.
 */
public final class CallChain {

	private final CallStage stage;

	private final CallChain next;

	private CallChain(CallStage stage, CallChain next) {
		this.stage = stage;
		this.next = next;
	}

	/**
	 * Links stages in the given order.
	 * @param stages the stages, outermost first; the last one must complete the call
	 * @return the head of the chain
	 */
	public static CallChain of(List<? extends CallStage> stages) {
		CallChain chain = null;
		for (int i = stages.size() - 1; i >= 0; i--) {
			chain = new CallChain(stages.get(i), chain);
		}
		if (chain == null) {
			throw new IllegalArgumentException("A call chain needs at least one stage");
		}
		return chain;
	}

	/**
	 * Runs the rest of the pipeline.
	 * @param invocation the call in progress
	 * @return the call's result
	 * @throws Throwable the call's failure
	 */
	public Object proceed(ThirdPartyInvocation invocation) throws Throwable {
		return this.stage.invoke(invocation, this.next);
	}

}
