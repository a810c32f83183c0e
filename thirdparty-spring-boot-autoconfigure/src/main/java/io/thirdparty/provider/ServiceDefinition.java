package io.thirdparty.provider;

import java.util.List;

import org.springframework.retry.support.RetryTemplate;

import io.thirdparty.Provider;
import io.thirdparty.config.ServiceProperties;
import io.thirdparty.resilience.ProviderGuard;

/**
 * One service as the pipeline runs it: validated settings, providers, selector, each
 * provider's guard and the retry template. Immutable; a reload builds a new one.
 */
public final class ServiceDefinition {

	private final String name;

	private final ServiceProperties settings;

	private final List<Provider> providers;

	private final long enabled;

	private final ProviderSelector selector;

	private final ProviderGuard[] guards;

	private final RetryTemplate retryTemplate;

	ServiceDefinition(String name, ServiceProperties settings, List<Provider> providers, long enabled,
			ProviderSelector selector, ProviderGuard[] guards, RetryTemplate retryTemplate) {
		this.name = name;
		this.settings = settings;
		this.providers = List.copyOf(providers);
		this.enabled = enabled;
		this.selector = selector;
		this.guards = guards.clone();
		this.retryTemplate = retryTemplate;
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

	public ProviderSelector selector() {
		return this.selector;
	}

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
	 * Returns the providers that may be called now: enabled, and their breaker not open.
	 * @return bit {@code i} set when provider {@code i} is available
	 */
	public long available() {
		long available = 0;
		long remaining = this.enabled;
		while (remaining != 0) {
			int index = Long.numberOfTrailingZeros(remaining);
			remaining &= remaining - 1;
			if (this.guards[index].isCallPermitted()) {
				available |= 1L << index;
			}
		}
		return available;
	}

	@Override
	public String toString() {
		return "ServiceDefinition[" + this.name + ", " + this.providers + "]";
	}

}
