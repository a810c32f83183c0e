package io.thirdparty.pipeline;

import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.MDC;

import org.springframework.core.Ordered;

import io.thirdparty.Provider;
import io.thirdparty.provider.ProviderFailoverEvent;
import io.thirdparty.provider.ProviderState;
import io.thirdparty.provider.ProviderStates;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.resilience.FailureKind;
import io.thirdparty.resilience.ProviderGuard;

/**
 * Accounts for each attempt in its provider's {@link ProviderState} (in flight, calls,
 * failures, last error) as the attempt's record classifies it, opens the provider's
 * breaker after {@code circuit-breaker.consecutive-failures} failures in a row, publishes
 * a {@link ProviderFailoverEvent} when the call moved to another provider, and, when the
 * service's {@code mdc} setting is on, sets the MDC keys {@value #MDC_SERVICE},
 * {@value #MDC_PROVIDER} and {@value #MDC_ATTEMPT} for the attempt.
 */
public class AttemptStage implements CallStage, Ordered {

	/** Order of this stage: between failover and protection. */
	public static final int ORDER = StageOrders.ATTEMPT;

	/** MDC key of the service name during an attempt. */
	public static final String MDC_SERVICE = "thirdparty.service";

	/** MDC key of the provider name during an attempt. */
	public static final String MDC_PROVIDER = "thirdparty.provider";

	/** MDC key of the attempt number during an attempt. */
	public static final String MDC_ATTEMPT = "thirdparty.attempt";

	private static final Log logger = LogFactory.getLog(AttemptStage.class);

	private static final String[] ATTEMPT_TEXTS = { "1", "2", "3", "4", "5", "6", "7", "8" };

	private final ProviderStates states;

	/**
	 * Creates the stage.
	 * @param states publishes failovers and dates errors
	 */
	public AttemptStage(ProviderStates states) {
		this.states = states;
	}

	@Override
	public Object invoke(ThirdPartyInvocation invocation, CallChain next) throws Throwable {
		ServiceDefinition service = invocation.service();
		int index = invocation.providerIndex();
		Provider provider = service.provider(index);
		Provider previous = invocation.previousProvider();
		if (previous != null && previous != provider) {
			failedOver(invocation, previous, provider);
		}
		ProviderState state = service.state(index);
		if (!service.mdc()) {
			return attempt(invocation, next, service, index, state);
		}
		String outerService = MDC.get(MDC_SERVICE);
		String outerProvider = MDC.get(MDC_PROVIDER);
		String outerAttempt = MDC.get(MDC_ATTEMPT);
		MDC.put(MDC_SERVICE, provider.service());
		MDC.put(MDC_PROVIDER, provider.name());
		MDC.put(MDC_ATTEMPT, attemptText(invocation.attempt()));
		try {
			return attempt(invocation, next, service, index, state);
		}
		finally {
			restore(MDC_SERVICE, outerService);
			restore(MDC_PROVIDER, outerProvider);
			restore(MDC_ATTEMPT, outerAttempt);
		}
	}

	private Object attempt(ThirdPartyInvocation invocation, CallChain next, ServiceDefinition service, int index,
			ProviderState state) throws Throwable {
		state.attemptStarted();
		try {
			Object result = next.proceed(invocation);
			state.attemptAnswered();
			return result;
		}
		catch (Throwable failure) {
			failed(service, index, state, invocation.attemptFailed(failure).kind(), failure);
			throw failure;
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/**
	 * The attempt number as MDC text, without a new string for the usual first attempts.
	 */
	private static String attemptText(int attempt) {
		return (attempt > 0 && attempt <= ATTEMPT_TEXTS.length) ? ATTEMPT_TEXTS[attempt - 1]
				: Integer.toString(attempt);
	}

	private void failedOver(ThirdPartyInvocation invocation, Provider from, Provider to) {
		if (logger.isDebugEnabled()) {
			logger.debug("Third-party service '" + to.service() + "' fails over from " + from.name() + " to "
					+ to.name() + " (attempt " + invocation.attempt() + ")");
		}
		this.states.publish(new ProviderFailoverEvent(this, from, to, invocation.lastFailure(), invocation.attempt()));
	}

	private void failed(ServiceDefinition service, int index, ProviderState state, FailureKind kind,
			Throwable failure) {
		if (kind == FailureKind.REJECTED) {
			state.attemptRejected();
		}
		else if (kind.countsAgainstProvider()) {
			int inARow = state.attemptFailed(failure, Instant.now(this.states.clock()));
			ProviderGuard guard = service.guard(index);
			int threshold = guard.consecutiveFailures();
			if (threshold > 0 && inARow >= threshold && guard.openBreaker()) {
				state.resetConsecutiveFailures();
			}
		}
		else {
			state.attemptAnswered();
		}
	}

	private static void restore(String key, String value) {
		if (value != null) {
			MDC.put(key, value);
		}
		else {
			MDC.remove(key);
		}
	}

}
