package io.thirdparty.pipeline;

import org.springframework.core.Ordered;

import io.thirdparty.ThirdPartyException;

/**
 * Outermost stage: when the call failed on every provider, answers with the method's
 * {@code fallback} if it has one.
 */
public class FallbackStage implements CallStage, Ordered {

	/** Order of this stage. */
	public static final int ORDER = StageOrders.FALLBACK;

	@Override
	public Object invoke(ThirdPartyInvocation invocation, CallChain next) throws Throwable {
		try {
			return next.proceed(invocation);
		}
		catch (ThirdPartyException failure) {
			CallSpec spec = invocation.spec();
			if (spec.fallback() == null) {
				throw failure;
			}
			return spec.invokeFallback(invocation.target(), invocation.arguments(), failure);
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
