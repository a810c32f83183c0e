package io.thirdparty.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Counts cached calls in {@code thirdparty.cache.requests}, tagged {@code service} and
 * {@code result} (hit, miss, stale), in the application's {@link MeterRegistry}. Without
 * a registry it records nothing.
 */
public class MicrometerCacheMetrics implements CacheMetrics, SmartInitializingSingleton {

	/** Name of the counter. */
	public static final String REQUESTS = "thirdparty.cache.requests";

	private final ObjectProvider<MeterRegistry> registries;

	private final Map<String, Counter[]> counters = new ConcurrentHashMap<>();

	private volatile MeterRegistry registry;

	private volatile boolean resolved;

	/**
	 * Creates the metrics.
	 * @param registries the application's registry, if it has one
	 */
	public MicrometerCacheMetrics(ObjectProvider<MeterRegistry> registries) {
		this.registries = registries;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.registry = this.registries.getIfUnique();
		this.resolved = true;
	}

	@Override
	public void record(String service, CacheResult result) {
		MeterRegistry current = this.registry;
		if (current == null) {
			if (this.resolved) {
				return;
			}
			current = this.registries.getIfUnique();
			if (current == null) {
				return;
			}
		}
		Counter[] byResult = this.counters.get(service);
		if (byResult == null) {
			MeterRegistry target = current;
			byResult = this.counters.computeIfAbsent(service, (name) -> register(target, name));
		}
		byResult[result.ordinal()].increment();
	}

	private static Counter[] register(MeterRegistry registry, String service) {
		CacheResult[] results = CacheResult.values();
		Counter[] byResult = new Counter[results.length];
		for (CacheResult result : results) {
			byResult[result.ordinal()] = Counter.builder(REQUESTS)
				.description("Cached third-party calls by how they were answered")
				.tag("service", service)
				.tag("result", result.tag())
				.register(registry);
		}
		return byResult;
	}

}
