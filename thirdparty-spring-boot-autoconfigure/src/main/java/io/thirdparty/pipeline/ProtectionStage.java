package io.thirdparty.pipeline;

import org.springframework.core.Ordered;

/**
 * Runs the current attempt under its provider's rate limiter, bulkhead, circuit breaker
 * and time limit; the breaker reads the attempt's record to know whether a failure
 * counts.
 */
public class ProtectionStage implements CallStage, Ordered {

	/** Order of this stage. */
	public static final int ORDER = StageOrders.PROTECTION;

	@Override
	public Object invoke(ThirdPartyInvocation invocation, CallChain next) throws Throwable {
		return invocation.service().guard(invocation.providerIndex()).call(invocation, next, ProtectionStage::proceed);
	}

	private static Object proceed(ThirdPartyInvocation invocation, CallChain next) throws Throwable {
		return next.proceed(invocation);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
