package io.thirdparty.pipeline;

import org.springframework.core.Ordered;

import io.thirdparty.ThirdPartyContext;

/**
 * Last stage: calls the annotated method with {@link ThirdPartyContext} bound to the
 * current attempt (and to the idempotency key of the queued call or task it belongs to,
 * if any).
 */
public class InvocationStage implements CallStage, Ordered {

	/** Order of this stage: always last. */
	public static final int ORDER = StageOrders.INVOCATION;

	@Override
	public Object invoke(ThirdPartyInvocation invocation, CallChain next) throws Throwable {
		try (ThirdPartyContext.Scope scope = ThirdPartyContext.open(invocation.provider(), invocation.attempt(),
				invocation.idempotencyKey())) {
			return invocation.proceedToTarget();
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
