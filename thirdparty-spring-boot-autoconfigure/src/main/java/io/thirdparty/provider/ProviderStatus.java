package io.thirdparty.provider;

/**
 * What a provider is doing now, as operators see it.
 */
public enum ProviderStatus {

	/**
	 * Takes calls by the service's strategy.
	 */
	UP,

	/**
	 * Takes every call of its service: an operator forced it (switchover).
	 */
	FORCED,

	/**
	 * Out of selection until it recovers: its health check fails or its circuit breaker is open.
	 */
	EJECTED,

	/**
	 * Out of selection until enabled again, by configuration or by an operator.
	 */
	DISABLED

}
