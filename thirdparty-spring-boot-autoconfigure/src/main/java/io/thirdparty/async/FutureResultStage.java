package io.thirdparty.async;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import org.springframework.core.Ordered;

import io.thirdparty.pipeline.CallChain;
import io.thirdparty.pipeline.CallStage;
import io.thirdparty.pipeline.StageOrders;
import io.thirdparty.pipeline.ThirdPartyInvocation;

/**
 * Waits, inside each attempt, for the future a {@code CompletableFuture}-returning method
 * gave back, so that a failure of that future is the attempt's failure: the provider's
 * circuit breaker counts it, its time limit covers it, and retry and failover see it.
 * Runs inside the provider's protection, just before the method is called; the waiting is
 * interruptible, so a time limit or a shutdown ends it.
 */
public class FutureResultStage implements CallStage, Ordered {

	/** Order of this stage: inside the protection stage (400), before the invocation. */
	public static final int ORDER = StageOrders.FUTURE_RESULT;

	@Override
	public Object invoke(ThirdPartyInvocation invocation, CallChain next) throws Throwable {
		Object result = next.proceed(invocation);
		if (invocation.spec().returnsFuture() && result instanceof CompletionStage<?> stage) {
			try {
				return stage.toCompletableFuture().get();
			}
			catch (ExecutionException ex) {
				throw (ex.getCause() != null) ? ex.getCause() : ex;
			}
		}
		return result;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
