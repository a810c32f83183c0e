package io.thirdparty.resilience;

import io.thirdparty.Provider;

/**
 * Recorded for a provider that could not be tried at all in a call: disabled, or its
 * circuit breaker open.
 */
public class ProviderUnavailableException extends RuntimeException {

	private final transient Provider provider;

	/**
	 * Creates an exception for a provider that was skipped.
	 * @param provider the provider
	 * @param reason why it was skipped
	 */
	public ProviderUnavailableException(Provider provider, String reason) {
		super("provider '" + provider.id() + "' unavailable: " + reason, null, false, false);
		this.provider = provider;
	}

	public Provider getProvider() {
		return this.provider;
	}

}
