package io.thirdparty.provider;

import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.retry.support.RetryTemplate;

import io.thirdparty.Provider;
import io.thirdparty.cache.CacheSettings;
import io.thirdparty.config.ServiceProperties;
import io.thirdparty.quota.Quota;
import io.thirdparty.resilience.FailureClassifier;
import io.thirdparty.resilience.FailureKind;
import io.thirdparty.resilience.ProviderGuard;
import io.thirdparty.resilience.RetrySettings;

/**
 * One service as the pipeline runs it: validated settings, providers, selector, each
 * provider's guard, quota and runtime state, the service's own quota, the retry and cache
 * settings as values and the retry template. Immutable; a reload builds a new one,
 * sharing the guards, quotas and states of the providers it keeps. The call path reads
 * values built here, never the bound {@link #settings()}.
 */
public final class ServiceDefinition {

	private final String name;

	private final ServiceProperties settings;

	private final List<Provider> providers;

	private final long enabled;

	private final ProviderSelector selector;

	private final ProviderGuard[] guards;

	private final ProviderState[] states;

	private final Quota[] quotas;

	/** Bit {@code i} set when provider {@code i} has a quota. */
	private final long limited;

	private final Quota quota;

	private final RetrySettings retry;

	private final CacheSettings cache;

	private final RetryTemplate retryTemplate;

	private final FailureClassifier classifier;

	private final boolean mdc;

	ServiceDefinition(String name, ServiceProperties settings, List<Provider> providers, long enabled,
			ProviderSelector selector, ProviderGuard[] guards, ProviderState[] states, Quota[] quotas, Quota quota,
			FailureClassifier classifier) {
		this.name = name;
		this.settings = settings;
		this.providers = List.copyOf(providers);
		this.enabled = enabled;
		this.selector = selector;
		this.guards = guards.clone();
		this.states = states.clone();
		this.quotas = quotas.clone();
		long limited = 0;
		for (int i = 0; i < this.quotas.length; i++) {
			if (this.quotas[i] != null) {
				limited |= 1L << i;
			}
		}
		this.limited = limited;
		this.quota = quota;
		this.retry = RetrySettings.of(settings.getRetry());
		this.cache = CacheSettings.of(settings.getCache());
		this.retryTemplate = this.retry.retryTemplate(classifier);
		this.classifier = classifier;
		this.mdc = settings.isMdc();
	}

	public String name() {
		return this.name;
	}

	/**
	 * Returns the settings the service was built from; not to be modified.
	 * @return the settings
	 */
	public ServiceProperties settings() {
		return this.settings;
	}

	/**
	 * Returns the providers in configuration order.
	 * @return the providers
	 */
	public List<Provider> providers() {
		return this.providers;
	}

	public Provider provider(int index) {
		return this.providers.get(index);
	}

	public ProviderGuard guard(int index) {
		return this.guards[index];
	}

	/**
	 * Returns the runtime state of a provider.
	 * @param index the provider's index
	 * @return its state
	 */
	public ProviderState state(int index) {
		return this.states[index];
	}

	/**
	 * Returns the quota of a provider.
	 * @param index the provider's index
	 * @return its quota, or {@code null} when it has none
	 */
	public Quota quota(int index) {
		return this.quotas[index];
	}

	/**
	 * Returns the quota of the whole service.
	 * @return the quota, or {@code null} when the service has none
	 */
	public Quota quota() {
		return this.quota;
	}

	/**
	 * Returns the providers whose quota is known to be spent for its current window.
	 * @return bit {@code i} set when provider {@code i}'s quota is spent
	 */
	public long spent() {
		long spent = 0;
		long remaining = this.limited;
		while (remaining != 0) {
			int index = Long.numberOfTrailingZeros(remaining);
			remaining &= remaining - 1;
			if (this.quotas[index].isSpent()) {
				spent |= 1L << index;
			}
		}
		return spent;
	}

	/**
	 * Returns the index of a provider.
	 * @param providerName the provider's name
	 * @return its index, or -1 when the service has no such provider
	 */
	public int indexOf(String providerName) {
		for (int i = 0; i < this.providers.size(); i++) {
			if (this.providers.get(i).name().equals(providerName)) {
				return i;
			}
		}
		return -1;
	}

	public ProviderSelector selector() {
		return this.selector;
	}

	/**
	 * Chooses the provider of the next attempt among candidates: the forced provider when
	 * it is the only candidate (whatever its weight), otherwise by the service's
	 * strategy.
	 * @param candidates bit {@code i} set when provider {@code i} may be chosen
	 * @return the chosen index, or -1 when none can be chosen
	 */
	public int select(long candidates) {
		if (Long.bitCount(candidates) == 1) {
			int only = Long.numberOfTrailingZeros(candidates);
			if (this.states[only].isForced()) {
				return only;
			}
		}
		return this.selector.select(candidates);
	}

	/**
	 * Decides what a failed attempt of this service means, by its
	 * {@code retry.ignore-exceptions} and the classifier.
	 * @param failure what the attempt threw
	 * @return the kind of failure
	 */
	public FailureKind classify(Throwable failure) {
		return this.classifier.classify(failure, this.retry.ignored());
	}

	/**
	 * Returns the retry settings.
	 * @return the settings, as values
	 */
	public RetrySettings retry() {
		return this.retry;
	}

	/**
	 * Returns whether attempts put the service, provider and attempt number in the MDC.
	 * @return {@code true} when they do
	 */
	public boolean mdc() {
		return this.mdc;
	}

	/**
	 * Returns the cache settings.
	 * @return the settings, as values
	 */
	public CacheSettings cache() {
		return this.cache;
	}

	/**
	 * Returns the retry template a call enters once its first attempt failed retryably.
	 * @return the template, shared by the service's calls
	 */
	public RetryTemplate retryTemplate() {
		return this.retryTemplate;
	}

	/**
	 * Returns whether provider {@code index} is enabled in configuration.
	 * @param index the provider's index
	 * @return {@code true} when enabled
	 */
	public boolean isEnabled(int index) {
		return (this.enabled & (1L << index)) != 0;
	}

	/**
	 * Returns the providers that may be called now: the forced provider alone when one is
	 * forced, usable and has quota left, otherwise every {@linkplain #usable() usable}
	 * provider whose quota is not known to be spent.
	 * @return bit {@code i} set when provider {@code i} is available
	 */
	public long available() {
		long available = 0;
		long remaining = (this.limited != 0) ? this.enabled & ~spent() : this.enabled;
		while (remaining != 0) {
			int index = Long.numberOfTrailingZeros(remaining);
			remaining &= remaining - 1;
			ProviderState state = this.states[index];
			if (state.isSelectable() && this.guards[index].isCallPermitted()) {
				if (state.isForced()) {
					return 1L << index;
				}
				available |= 1L << index;
			}
		}
		return available;
	}

	/**
	 * Returns the providers that could take calls, switchover and quotas aside: enabled
	 * in configuration and by operators, not ejected by health checks, and their breaker
	 * not open.
	 * @return bit {@code i} set when provider {@code i} is usable
	 */
	public long usable() {
		long usable = 0;
		long remaining = this.enabled;
		while (remaining != 0) {
			int index = Long.numberOfTrailingZeros(remaining);
			remaining &= remaining - 1;
			if (this.states[index].isSelectable() && this.guards[index].isCallPermitted()) {
				usable |= 1L << index;
			}
		}
		return usable;
	}

	/**
	 * Returns the providers known to work: {@linkplain #usable() usable}, not failing
	 * their health checks and their breaker not half-open; those whose {@link #status} is
	 * {@link ProviderStatus#UP UP} or {@link ProviderStatus#FORCED FORCED}. The service
	 * is healthy while one is.
	 * @return bit {@code i} set when provider {@code i} is healthy
	 */
	public long healthy() {
		long healthy = 0;
		long remaining = this.enabled;
		while (remaining != 0) {
			int index = Long.numberOfTrailingZeros(remaining);
			remaining &= remaining - 1;
			ProviderStatus status = status(index);
			if (status == ProviderStatus.UP || status == ProviderStatus.FORCED) {
				healthy |= 1L << index;
			}
		}
		return healthy;
	}

	/**
	 * Returns what a provider is doing now.
	 * @param index the provider's index
	 * @return its status
	 */
	public ProviderStatus status(int index) {
		ProviderState state = this.states[index];
		if (!isEnabled(index) || state.isDisabled()) {
			return ProviderStatus.DISABLED;
		}
		if (state.isEjected() || !this.guards[index].isCallPermitted()) {
			return ProviderStatus.EJECTED;
		}
		if (state.isFailingChecks() || isHalfOpen(index)) {
			return ProviderStatus.FAILING;
		}
		return state.isForced() ? ProviderStatus.FORCED : ProviderStatus.UP;
	}

	/**
	 * Returns why a provider is out of selection or, still in it, is
	 * {@linkplain ProviderStatus#FAILING failing}.
	 * @param index the provider's index
	 * @return the reason, or {@code null} when the provider is {@code UP} or
	 * {@code FORCED}
	 */
	public String reason(int index) {
		String unavailable = unavailableReason(index);
		if (unavailable != null) {
			return unavailable;
		}
		String failing = this.states[index].failingReason();
		if (failing != null) {
			return "kept in selection as the last usable provider although its " + failing;
		}
		return isHalfOpen(index) ? "circuit breaker half-open: probing after it opened" : null;
	}

	private boolean isHalfOpen(int index) {
		CircuitBreaker breaker = this.guards[index].getCircuitBreaker();
		return breaker != null && breaker.getState() == CircuitBreaker.State.HALF_OPEN;
	}

	/**
	 * Returns why a provider is out of selection.
	 * @param index the provider's index
	 * @return the reason, or {@code null} when the provider is usable
	 */
	public String unavailableReason(int index) {
		ProviderState state = this.states[index];
		if (!isEnabled(index)) {
			return "disabled in configuration";
		}
		if (state.isDisabled()) {
			return "disabled by an operator";
		}
		if (state.isEjected()) {
			return "ejected: " + state.ejectedReason();
		}
		if (!this.guards[index].isCallPermitted()) {
			CircuitBreaker breaker = this.guards[index].getCircuitBreaker();
			return (breaker != null && breaker.getState() == CircuitBreaker.State.FORCED_OPEN)
					? "circuit breaker forced open" : "circuit breaker open";
		}
		if (this.quotas[index] != null && this.quotas[index].isSpent()) {
			return this.quotas[index].spentReason();
		}
		return null;
	}

	@Override
	public String toString() {
		return "ServiceDefinition[" + this.name + ", " + this.providers + "]";
	}

}
