package io.thirdparty.callback;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Counts callbacks in the Micrometer counter {@code thirdparty.callbacks}, tagged
 * {@code service}, {@code provider} (a configured provider name or {@code unknown}, never
 * a value from the request) and {@code outcome}.
 */
public class MicrometerCallbackMetrics implements CallbackMetrics {

	/** Name of the counter. */
	public static final String METRIC = "thirdparty.callbacks";

	private final ObjectProvider<MeterRegistry> registry;

	/**
	 * Creates the metrics.
	 * @param registry the application's meter registry, looked up on first use
	 */
	public MicrometerCallbackMetrics(ObjectProvider<MeterRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public void record(String service, String provider, String outcome) {
		MeterRegistry meters = this.registry.getIfUnique();
		if (meters != null) {
			meters.counter(METRIC, "service", service, "provider", provider, "outcome", outcome).increment();
		}
	}

}
