package io.thirdparty.quota;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Quota buckets in Redis through Bucket4j's Lettuce integration (compare-and-swap on one
 * key per bucket), over a connection of the application's own Lettuce client: the
 * {@link LettuceConnectionFactory}'s native client, so the host, credentials, TLS,
 * database and timeouts are those of {@code spring.data.redis.*} and no second Redis
 * configuration exists. Standalone, Sentinel and Cluster clients are supported.
 * <p>
 * The connection is opened on first use, not at startup, so an application starts while
 * Redis is down; Lettuce reconnects it by itself after an outage. A key expires once its
 * bucket would be full again. Each bucket batches the concurrent requests of this
 * instance into one Redis exchange (Bucket4j's batching optimization), so that callers of
 * one instance do not race each other's compare-and-swap; a caller of {@link #bucket}
 * keeps the bucket it gets.
 */
public class LettuceQuotaBuckets implements SharedQuotaBuckets, AutoCloseable {

	/** How long a bucket's key outlives the moment its bucket is full again. */
	private static final Duration KEEP_AFTER_REFILL = Duration.ofSeconds(10);

	private final LettuceConnectionFactory connectionFactory;

	private final Clock clock;

	private final Duration timeout;

	private final ReentrantLock connecting = new ReentrantLock();

	private volatile ProxyManager<byte[]> proxies;

	private StatefulConnection<byte[], byte[]> connection;

	private boolean closed;

	/**
	 * Creates the buckets.
	 * @param connectionFactory the application's Lettuce connection factory
	 * @param clock the time the buckets' windows follow
	 * @param timeout longest wait for one quota operation
	 */
	public LettuceQuotaBuckets(LettuceConnectionFactory connectionFactory, Clock clock, Duration timeout) {
		this.connectionFactory = connectionFactory;
		this.clock = clock;
		this.timeout = timeout;
	}

	@Override
	public Bucket bucket(String key, BucketConfiguration configuration) {
		ProxyManager<byte[]> proxies = this.proxies;
		if (proxies == null) {
			proxies = connect();
			if (proxies == null) {
				return null;
			}
		}
		return proxies.builder()
			.withOptimization(Optimizations.batching())
			.build(key.getBytes(StandardCharsets.UTF_8), () -> configuration);
	}

	@Override
	public String describe() {
		return "Redis";
	}

	/**
	 * Closes the connection, unless the connection factory closed it already when it
	 * stopped; the application's client stays open.
	 */
	@Override
	public void close() {
		this.connecting.lock();
		try {
			this.closed = true;
			this.proxies = null;
			if (this.connection != null && this.connection.isOpen()) {
				this.connection.close();
			}
			this.connection = null;
		}
		finally {
			this.connecting.unlock();
		}
	}

	/**
	 * Connects unless another thread is connecting, in which case this call does without.
	 */
	private ProxyManager<byte[]> connect() {
		if (!this.connecting.tryLock()) {
			return null;
		}
		try {
			if (this.closed) {
				throw new IllegalStateException("Quota buckets closed with the application context");
			}
			if (this.proxies == null) {
				this.proxies = open(this.connectionFactory.getRequiredNativeClient());
			}
			return this.proxies;
		}
		finally {
			this.connecting.unlock();
		}
	}

	private ProxyManager<byte[]> open(AbstractRedisClient client) {
		if (client instanceof RedisClusterClient cluster) {
			StatefulRedisClusterConnection<byte[], byte[]> opened = cluster.connect(ByteArrayCodec.INSTANCE);
			this.connection = opened;
			return configure(Bucket4jLettuce.casBasedBuilder(opened.async()));
		}
		if (client instanceof RedisClient standalone) {
			StatefulRedisConnection<byte[], byte[]> opened = standalone.connect(ByteArrayCodec.INSTANCE);
			this.connection = opened;
			return configure(Bucket4jLettuce.casBasedBuilder(opened.async()));
		}
		throw new IllegalStateException("Unsupported Lettuce client " + client.getClass().getName());
	}

	private ProxyManager<byte[]> configure(Bucket4jLettuce.LettuceBasedProxyManagerBuilder<byte[]> builder) {
		return builder.clientClock(new ClockTimeMeter(this.clock))
			.requestTimeout(this.timeout)
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_REFILL))
			.build();
	}

}
