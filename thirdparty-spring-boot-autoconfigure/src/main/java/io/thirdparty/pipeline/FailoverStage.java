package io.thirdparty.pipeline;

import java.util.ArrayList;
import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.retry.RetryCallback;

import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyException;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.quota.Quota;
import io.thirdparty.quota.QuotaExhaustedException;
import io.thirdparty.resilience.FailoverBackOffPolicy;
import io.thirdparty.resilience.FailureKind;
import io.thirdparty.resilience.ProviderUnavailableException;

/**
 * Selection, quotas, retry and failover: each attempt goes to a provider chosen by the
 * service's strategy among the available ones, preferring providers not yet tried in the
 * call. The first attempt is a straight call; only when it fails retryably does the call
 * enter the service's Spring Retry template, which counts that failure as its first
 * attempt, waits as {@link FailoverBackOffPolicy} says and makes the next ones.
 * <p>
 * Every attempt takes one request from the service's quota and from the chosen
 * provider's. A provider whose quota is spent is skipped like one whose breaker is open:
 * no vendor call, no attempt used, no failure counted, and the choice moves on to the
 * next provider. A spent service quota ends the call with a {@link ThirdPartyException}
 * of kind {@link ThirdPartyException.Kind#QUOTA_EXHAUSTED}.
 * <p>
 * When attempts run out the call fails with a {@link ThirdPartyException} listing each
 * one; a failure that is the caller's own reaches the caller unchanged.
 */
public class FailoverStage implements CallStage, Ordered {

	/** Order of this stage. */
	public static final int ORDER = StageOrders.FAILOVER;

	@Override
	public Object invoke(ThirdPartyInvocation invocation, CallChain next) throws Throwable {
		try {
			return attempt(invocation, next);
		}
		catch (Throwable failure) {
			if (!invocation.mayRetry() || invocation.attempt() >= invocation.service().retry().maxAttempts()) {
				throw ended(invocation, failure);
			}
			return retry(invocation, next, failure);
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	private Object retry(ThirdPartyInvocation invocation, CallChain next, Throwable firstFailure) throws Throwable {
		RetryCallback<Object, Throwable> retry = (context) -> {
			if (context.getRetryCount() == 0) {
				// the template's first round is the attempt already made: it counts it
				// and waits
				FailoverBackOffPolicy.bind(context, invocation);
				throw firstFailure;
			}
			try {
				return attempt(invocation, next);
			}
			catch (Throwable failure) {
				if (!invocation.mayRetry()) {
					context.setExhaustedOnly();
				}
				throw failure;
			}
		};
		try {
			return invocation.service().retryTemplate().execute(retry);
		}
		catch (Throwable failure) {
			throw ended(invocation, failure);
		}
	}

	/** Returns what a call whose last attempt failed throws. */
	private static Throwable ended(ThirdPartyInvocation invocation, Throwable failure) {
		String name = invocation.service().name();
		if (failure instanceof QuotaSpent spent) {
			return new ThirdPartyException(name, ThirdPartyException.Kind.QUOTA_EXHAUSTED, invocation.failures(),
					spent.exhausted);
		}
		if (failure instanceof NoProviderAvailable none) {
			return new ThirdPartyException(name,
					none.quotas ? ThirdPartyException.Kind.QUOTA_EXHAUSTED : ThirdPartyException.Kind.PROVIDERS_FAILED,
					invocation.failures(), null);
		}
		boolean providersFailed = failure == invocation.lastFailure()
				&& invocation.lastFailureKind() != FailureKind.CALLER_ERROR;
		return providersFailed ? new ThirdPartyException(name, invocation.failures()) : failure;
	}

	private static Object attempt(ThirdPartyInvocation invocation, CallChain next) throws Throwable {
		ServiceDefinition service = invocation.service();
		Quota serviceQuota = service.quota();
		if (serviceQuota != null && !serviceQuota.tryAcquire()) {
			invocation.recordNoProvider(List.of());
			throw new QuotaSpent(serviceQuota.exhausted());
		}
		int index = select(service, invocation);
		if (index < 0) {
			if (serviceQuota != null) {
				serviceQuota.refund();
			}
			invocation.recordNoProvider(unavailable(service));
			throw new NoProviderAvailable((service.usable() & service.spent()) != 0);
		}
		invocation.beginAttempt(index);
		try {
			return next.proceed(invocation);
		}
		catch (Throwable failure) {
			invocation.attemptFailed(failure);
			throw failure;
		}
	}

	/**
	 * Chooses the provider of the next attempt and takes a request from its quota; a
	 * provider whose quota turns out spent is left out (its quota now says so) and the
	 * choice made again.
	 */
	private static int select(ServiceDefinition service, ThirdPartyInvocation invocation) {
		long skipped = 0;
		while (true) {
			long available = service.available() & ~skipped;
			long untried = available & ~invocation.tried();
			int index = service.select((untried != 0) ? untried : available);
			if (index < 0) {
				return -1;
			}
			Quota quota = service.quota(index);
			if (quota == null || quota.tryAcquire()) {
				return index;
			}
			skipped |= 1L << index;
		}
	}

	private static List<ProviderUnavailableException> unavailable(ServiceDefinition service) {
		List<ProviderUnavailableException> unavailable = new ArrayList<>();
		List<Provider> providers = service.providers();
		for (int i = 0; i < providers.size(); i++) {
			String reason = service.unavailableReason(i);
			unavailable.add(new ProviderUnavailableException(providers.get(i),
					(reason != null) ? reason : "not selectable (weight 0)"));
		}
		return unavailable;
	}

	/** Ends a call that has no provider left to try. */
	private static final class NoProviderAvailable extends RuntimeException {

		/**
		 * Whether a provider that could otherwise be called was left out for its spent
		 * quota.
		 */
		private final boolean quotas;

		NoProviderAvailable(boolean quotas) {
			super("no provider available", null, false, false);
			this.quotas = quotas;
		}

	}

	/** Ends a call whose service quota is spent. */
	private static final class QuotaSpent extends RuntimeException {

		private final QuotaExhaustedException exhausted;

		QuotaSpent(QuotaExhaustedException exhausted) {
			super("service quota spent", null, false, false);
			this.exhausted = exhausted;
		}

	}

}
