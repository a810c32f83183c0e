package io.thirdparty.actuate;

import org.jspecify.annotations.Nullable;

import io.thirdparty.provider.ServiceDefinition;

/**
 * What the {@code thirdparty} endpoint shows of recent traffic: rates over the last
 * seconds and latency percentiles. The metrics implement it as a bean; without one, the
 * endpoint shows no traffic.
 */
public interface TrafficStatistics {

	/**
	 * Describes a service's recent traffic.
	 * @param service the service
	 * @return its traffic, or {@code null} when nothing is known
	 */
	@Nullable ServiceTraffic service(ServiceDefinition service);

	/**
	 * Describes a provider's recent traffic.
	 * @param service the service
	 * @param index the provider's index in the service
	 * @return its traffic, or {@code null} when nothing is known
	 */
	@Nullable ProviderTraffic provider(ServiceDefinition service, int index);

	/**
	 * A service's recent traffic. A rate is {@code null} until two readings some time
	 * apart exist, and a share is {@code null} while there was nothing to share.
	 *
	 * @param callsPerSecond calls of the service (cache hits included) per second
	 * @param cacheHitRate share of cached calls answered from the cache, in percent, or
	 * {@code null} when the service has no cached calls in the window
	 * @param windowSeconds length of the window the rates are computed over
	 */
	record ServiceTraffic(@Nullable Double callsPerSecond, @Nullable Double cacheHitRate,
			@Nullable Double windowSeconds) {
	}

	/**
	 * A provider's recent traffic: its attempts (not the calls that ended on it), so that
	 * a provider failing over to another shows its failures.
	 *
	 * @param callsPerSecond attempts the provider answered or failed, per second
	 * @param successRate share of those attempts that succeeded, in percent, or
	 * {@code null} when there were none
	 * @param p50Millis median duration of its successful attempts, in milliseconds, or
	 * {@code null} when not measured
	 * @param p99Millis 99th percentile of the same, in milliseconds, or {@code null} when
	 * not measured
	 * @param windowSeconds length of the window the rates are computed over
	 */
	record ProviderTraffic(@Nullable Double callsPerSecond, @Nullable Double successRate, @Nullable Double p50Millis,
			@Nullable Double p99Millis, @Nullable Double windowSeconds) {
	}

}
