package io.thirdparty.cache.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.springframework.data.redis.cache.BatchStrategies;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;
import org.springframework.data.redis.serializer.RedisSerializer;

import io.thirdparty.cache.CacheEntry;
import io.thirdparty.cache.EntryCache;
import io.thirdparty.cache.FlightLease;
import io.thirdparty.cache.PullLock;
import io.thirdparty.cache.SharedCacheBackend;
import io.thirdparty.config.ServiceProperties;
import io.thirdparty.config.ThirdPartyProperties;

/**
 * Redis as the shared cache backend, on the application's {@link RedisConnectionFactory}:
 * each service's cache is a {@link RedisEntryCache} under {@code <key-prefix><service>:},
 * two-level caches are kept coherent by {@link RedisInvalidations}, and pull rounds are
 * claimed with {@link RedisPullLock} and missed keys with {@link RedisFlightLease}.
 */
public class RedisCacheBackend implements SharedCacheBackend {

	private final RedisCacheWriter writer;

	private final RedisCacheConfiguration configuration;

	private final RedisAvailability availability;

	private final RedisInvalidations invalidations;

	private final RedisPullLock pullLock;

	private final RedisFlightLease flightLease;

	private final Duration timeout;

	private final Clock clock;

	private final RedisSerializer<Object> serializer;

	private final Function<byte[], Future<byte[]>> nativeGet;

	/**
	 * Creates the backend.
	 * @param connectionFactory the application's Redis connection
	 * @param serializer writes and reads values
	 * @param settings {@code third-party.cache}
	 * @param availability whether Redis may be used now
	 * @param invalidations keeps two-level caches coherent
	 * @param instanceId this instance's identity
	 * @param clock the time entries expire on
	 */
	public RedisCacheBackend(RedisConnectionFactory connectionFactory, RedisSerializer<Object> serializer,
			ThirdPartyProperties.Cache settings, RedisAvailability availability, RedisInvalidations invalidations,
			String instanceId, Clock clock) {
		String prefix = settings.getKeyPrefix();
		this.writer = RedisCacheWriter.create(connectionFactory,
				(writer) -> writer.batchStrategy(BatchStrategies.scan(1000)).immediateWrites(true));
		this.configuration = RedisCacheConfiguration.defaultCacheConfig()
			.computePrefixWith((cacheName) -> prefix + cacheName + ":")
			.serializeValuesWith(SerializationPair.fromSerializer(serializer))
			.entryTtl((key, value) -> (value instanceof CacheEntry entry) ? entry.remainingLife(clock.millis())
					: Duration.ZERO);
		this.availability = availability;
		this.invalidations = invalidations;
		this.pullLock = new RedisPullLock(connectionFactory, prefix, instanceId, availability);
		this.flightLease = new RedisFlightLease(connectionFactory, prefix, availability);
		this.timeout = settings.getRedis().getTimeout();
		this.clock = clock;
		this.serializer = serializer;
		this.nativeGet = LettuceReads.of(connectionFactory);
	}

	@Override
	public EntryCache shared(String service, ServiceProperties.Cache settings) {
		return new RedisEntryCache(service, this.writer, this.configuration, this.availability, this.timeout,
				this.clock, this.serializer, this.nativeGet);
	}

	@Override
	public EntryCache twoLevel(String service, ServiceProperties.Cache settings, EntryCache local) {
		this.invalidations.register(service, local);
		return new TwoLevelEntryCache(service, local, new RedisEntryCache(service, this.writer, this.configuration,
				this.availability, this.timeout, this.clock, this.serializer, this.nativeGet), this.invalidations);
	}

	@Override
	public PullLock pullLock() {
		return this.pullLock;
	}

	@Override
	public FlightLease flightLease() {
		return this.flightLease;
	}

}
