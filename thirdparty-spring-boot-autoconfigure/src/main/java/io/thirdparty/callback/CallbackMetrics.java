package io.thirdparty.callback;

/**
 * Records the outcome of each verified or refused callback.
 */
@FunctionalInterface
public interface CallbackMetrics {

	/** Records nothing. */
	CallbackMetrics NONE = (service, provider, outcome) -> {
	};

	/**
	 * Records one callback.
	 * @param service the service of the endpoint
	 * @param provider the configured provider it came from, or {@code unknown}
	 * @param outcome {@code accepted}, or the refusal's {@link CallbackRefusal#error()
	 * code}
	 */
	void record(String service, String provider, String outcome);

}
