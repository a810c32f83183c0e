package io.thirdparty.cache.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Counts what was not written to Redis during its outages in
 * {@code thirdparty.redis.dropped}, tagged {@code what} ({@code invalidation},
 * {@code cache-write}, {@code cache-eviction}, {@code nonce}), in the application's
 * {@link MeterRegistry}. Without a registry it records nothing. Drops happen only while
 * Redis is unavailable, so the registry is looked up then.
 */
public class MicrometerRedisMetrics implements RedisMetrics {

	/** Name of the counter. */
	public static final String DROPPED = "thirdparty.redis.dropped";

	private final ObjectProvider<MeterRegistry> registries;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	/**
	 * Creates the metrics.
	 * @param registries the application's registry, if it has one
	 */
	public MicrometerRedisMetrics(ObjectProvider<MeterRegistry> registries) {
		this.registries = registries;
	}

	@Override
	public void dropped(String what) {
		Counter counter = this.counters.get(what);
		if (counter == null) {
			MeterRegistry registry = this.registries.getIfUnique();
			if (registry == null) {
				return;
			}
			counter = this.counters.computeIfAbsent(what,
					(name) -> Counter.builder(DROPPED)
						.description("Writes to Redis the third-party starter skipped while Redis was unavailable")
						.tag("what", name)
						.register(registry));
		}
		counter.increment();
	}

}
