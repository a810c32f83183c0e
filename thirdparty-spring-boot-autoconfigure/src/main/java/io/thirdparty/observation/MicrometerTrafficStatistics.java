package io.thirdparty.observation;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.jspecify.annotations.Nullable;

import io.thirdparty.actuate.TrafficStatistics;
import io.thirdparty.cache.MicrometerCacheMetrics;
import io.thirdparty.provider.ProviderState;
import io.thirdparty.provider.ServiceDefinition;

/**
 * Recent traffic from the application's meters and the providers' own counters, for the
 * {@code thirdparty} endpoint. Rates are the difference between two readings of
 * cumulative counts, the older one at most {@value #WINDOW_SECONDS} seconds old: each
 * reading keeps one sample per second, so whoever reads (a dashboard polling every
 * second) makes the window; the first reading after a pause has no rate yet. Nothing runs
 * between readings.
 * <ul>
 * <li>a service's calls per second: the
 * {@value DefaultThirdPartyCallObservationConvention#NAME} timers of the service, cache
 * hits included; its cache hit rate: the {@value MicrometerCacheMetrics#REQUESTS}
 * counters;</li>
 * <li>a provider's calls per second and success rate: its attempts, counted by the
 * provider itself (the {@code thirdparty.calls} timer names only the provider a call
 * ended on);</li>
 * <li>a provider's latency: the 0.5 and 0.99 percentiles Micrometer publishes of its
 * successful attempts in the {@value AttemptObservationStage#NAME} timer (there with an
 * {@code ObservationRegistry} handing observations to the meters), else of the calls that
 * ended on it in the {@code thirdparty.calls} timer; {@code null} when neither publishes
 * them.</li>
 * </ul>
 * Timings use the registry's clock.
 */
public class MicrometerTrafficStatistics implements TrafficStatistics, Consumer<Collection<ServiceDefinition>> {

	/** Longest age of the older reading a rate is computed from. */
	public static final int WINDOW_SECONDS = 10;

	private static final long WINDOW = Duration.ofSeconds(WINDOW_SECONDS).toNanos();

	/** Time between two samples kept. */
	private static final long SPACING = Duration.ofSeconds(1).toNanos();

	/** Shortest time a rate is computed over. */
	private static final long SHORTEST = Duration.ofMillis(500).toNanos();

	private static final String SUCCESS = CallOutcome.SUCCESS.tag();

	private final MeterRegistry registry;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	/**
	 * Creates the statistics;
	 * {@link io.thirdparty.provider.ServiceRegistry#addReloadListener register} it to
	 * forget removed services and providers.
	 * @param registry the application's meters
	 */
	public MicrometerTrafficStatistics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public ServiceTraffic service(ServiceDefinition service) {
		long calls = 0;
		for (Timer timer : this.registry.find(DefaultThirdPartyCallObservationConvention.NAME)
			.tag("service", service.name())
			.timers()) {
			calls += timer.count();
		}
		long hits = 0;
		long requests = 0;
		for (Counter counter : this.registry.find(MicrometerCacheMetrics.REQUESTS)
			.tag("service", service.name())
			.counters()) {
			long count = (long) counter.count();
			requests += count;
			if ("hit".equals(counter.getId().getTag("result"))) {
				hits += count;
			}
		}
		long[] delta = window(service.name()).advance(now(), calls, hits, requests);
		if (delta == null) {
			return new ServiceTraffic(null, null, null);
		}
		double seconds = seconds(delta[0]);
		return new ServiceTraffic(delta[1] / seconds, percent(delta[2], delta[3]), seconds);
	}

	@Override
	public ProviderTraffic provider(ServiceDefinition service, int index) {
		ProviderState state = service.state(index);
		String provider = service.provider(index).name();
		long calls = state.calls();
		long failures = state.failures();
		long[] delta = window(state.id() + "#provider").advance(now(), calls, calls - failures);
		Double[] latency = latency(service.name(), provider);
		if (delta == null) {
			return new ProviderTraffic(null, null, latency[0], latency[1], null);
		}
		double seconds = seconds(delta[0]);
		return new ProviderTraffic(delta[1] / seconds, percent(delta[2], delta[1]), latency[0], latency[1], seconds);
	}

	/**
	 * Forgets the readings of services and providers no longer configured.
	 * @param services the services now configured
	 */
	@Override
	public void accept(Collection<ServiceDefinition> services) {
		Set<String> keys = new HashSet<>();
		for (ServiceDefinition service : services) {
			keys.add(service.name());
			for (int i = 0; i < service.providers().size(); i++) {
				keys.add(service.state(i).id() + "#provider");
			}
		}
		this.windows.keySet().retainAll(keys);
	}

	private Double[] latency(String service, String provider) {
		String name = (this.registry.find(AttemptObservationStage.NAME)
			.tag("service", service)
			.tag("provider", provider)
			.timer() != null) ? AttemptObservationStage.NAME : DefaultThirdPartyCallObservationConvention.NAME;
		Timer busiest = null;
		for (Timer timer : this.registry.find(name)
			.tag("service", service)
			.tag("provider", provider)
			.tag("outcome", SUCCESS)
			.timers()) {
			if (busiest == null || timer.count() > busiest.count()) {
				busiest = timer;
			}
		}
		Double[] latency = new Double[2];
		if (busiest != null) {
			for (ValueAtPercentile value : busiest.takeSnapshot().percentileValues()) {
				if (Math.abs(value.percentile() - 0.5) < 1e-9) {
					latency[0] = millis(value);
				}
				else if (Math.abs(value.percentile() - 0.99) < 1e-9) {
					latency[1] = millis(value);
				}
			}
		}
		return latency;
	}

	/**
	 * A percentile of 0 means there were no samples in Micrometer's percentile window.
	 */
	private static @Nullable Double millis(ValueAtPercentile value) {
		double millis = value.value(TimeUnit.MILLISECONDS);
		return (millis > 0) ? millis : null;
	}

	private Window window(String key) {
		return this.windows.computeIfAbsent(key, (name) -> new Window());
	}

	private long now() {
		return this.registry.config().clock().monotonicTime();
	}

	private static double seconds(long nanos) {
		return nanos / 1e9;
	}

	private static @Nullable Double percent(long part, long whole) {
		return (whole > 0) ? 100.0 * part / whole : null;
	}

	/**
	 * The recent samples of some cumulative counts, oldest first, one per second at most.
	 */
	private static final class Window {

		private final Deque<long[]> samples = new ArrayDeque<>();

		/**
		 * Takes a reading.
		 * @param now the time of the reading
		 * @param counts the counts now
		 * @return the time since the oldest sample younger than the window followed by
		 * the growth of each count since then, or {@code null} when there is no such
		 * sample or it is too recent
		 */
		synchronized long @Nullable [] advance(long now, long... counts) {
			while (!this.samples.isEmpty() && now - this.samples.peekFirst()[0] > WINDOW) {
				this.samples.removeFirst();
			}
			long[] oldest = this.samples.peekFirst();
			long[] newest = this.samples.peekLast();
			if (newest == null || now - newest[0] >= SPACING) {
				long[] sample = new long[counts.length + 1];
				sample[0] = now;
				System.arraycopy(counts, 0, sample, 1, counts.length);
				this.samples.addLast(sample);
			}
			if (oldest == null || now - oldest[0] < SHORTEST) {
				return null;
			}
			long[] delta = new long[counts.length + 1];
			delta[0] = now - oldest[0];
			for (int i = 0; i < counts.length; i++) {
				// a count can restart from zero when its meter was removed and registered
				// again
				delta[i + 1] = Math.max(0, counts[i] - oldest[i + 1]);
			}
			return delta;
		}

	}

}
