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
	 * Out of selection until it recovers: its health check fails or its circuit breaker
	 * is open.
	 */
	EJECTED,

	/**
	 * Still takes calls but is not known to work: it fails its health checks and stays in
	 * selection only as its service's last usable provider, or its circuit breaker is
	 * half-open, letting probe calls through after it opened. A service whose providers
	 * are all failing, ejected or disabled is DOWN.
	 */
	FAILING,

	/**
	 * Out of selection until enabled again, by configuration or by an operator.
	 */
	DISABLED

}
