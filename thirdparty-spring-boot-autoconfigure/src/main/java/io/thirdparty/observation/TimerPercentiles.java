package io.thirdparty.observation;

import java.util.Set;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Publishes the 0.5 and 0.99 percentiles of the
 * {@value DefaultThirdPartyCallObservationConvention#NAME} and
 * {@value AttemptObservationStage#NAME} timers (Prometheus: {@code quantile="0.5"} and
 * {@code quantile="0.99"} series), which the {@code thirdparty} endpoint and its
 * dashboard show per provider. Percentiles the application configures for them (Boot's
 * {@code management.metrics.distribution.percentiles.<name>}, an empty list for none)
 * win.
 */
public class TimerPercentiles implements MeterFilter {

	/** The percentiles published when the application configures none. */
	static final double[] PERCENTILES = { 0.5, 0.99 };

	private static final Set<String> NAMES = Set.of(DefaultThirdPartyCallObservationConvention.NAME,
			AttemptObservationStage.NAME);

	@Override
	public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
		if (id.getType() != Meter.Type.TIMER || !NAMES.contains(id.getName()) || config.getPercentiles() != null) {
			return config;
		}
		return DistributionStatisticConfig.builder().percentiles(PERCENTILES).build().merge(config);
	}

}
