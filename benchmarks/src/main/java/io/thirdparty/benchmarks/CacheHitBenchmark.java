package io.thirdparty.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.sun.net.httpserver.HttpServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCache;
import org.springframework.cache.support.SimpleCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyContext;
import io.thirdparty.cache.CaffeineEntryCache;
import io.thirdparty.cache.ServiceCaches;

/**
 * A cache hit through {@code @ThirdPartyCall}, against what it is built on: on Caffeine,
 * versus Spring's {@code @Cacheable} on the very same Caffeine cache and versus a raw
 * {@code getIfPresent}; on Redis, versus a raw Lettuce {@code GET} of the same stored
 * value. Every variant returns the same cached {@code Price}; the vendor is only called
 * to warm up.
 * <p>
 * Redis: the address in {@code THIRDPARTY_BENCH_REDIS} ({@code host:port}), else
 * 127.0.0.1:6379. Figures and how to run: {@code benchmarks/CACHE.md}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 15, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CacheHitBenchmark {

	private static final String SKU = "apple";

	private HttpServer vendor;

	private ConfigurableApplicationContext caffeine;

	private ConfigurableApplicationContext redis;

	private PriceClient caffeinePrices;

	private PriceClient redisPrices;

	private Cache<Object, Object> nativeCaffeine;

	private RedisClient lettuce;

	private StatefulRedisConnection<byte[], byte[]> connection;

	private RedisCommands<byte[], byte[]> commands;

	private byte[] redisKey;

	@Setup(Level.Trial)
	public void start() throws IOException {
		this.vendor = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.vendor.createContext("/", (exchange) -> {
			byte[] body = "{\"vendor\":\"bench\"}".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.vendor.start();
		String url = "http://127.0.0.1:" + this.vendor.getAddress().getPort();
		String[] redisAddress = redisAddress();
		String prefix = "thirdparty-bench-" + UUID.randomUUID() + ":";

		this.caffeine = context(url, "third-party.cache.backend=caffeine");
		this.caffeinePrices = this.caffeine.getBean(PriceClient.class);
		this.caffeinePrices.price(SKU);
		this.caffeinePrices.cacheablePrice(SKU);
		CaffeineEntryCache entries = (CaffeineEntryCache) this.caffeine.getBean(ServiceCaches.class).cache("price");
		this.nativeCaffeine = entries.getNativeCache();

		this.redis = context(url, "third-party.cache.backend=redis", "third-party.cache.key-prefix=" + prefix,
				"spring.data.redis.host=" + redisAddress[0], "spring.data.redis.port=" + redisAddress[1]);
		this.redisPrices = this.redis.getBean(PriceClient.class);
		this.redisPrices.price(SKU);
		this.redisKey = (prefix + "price:" + SKU + ":v1").getBytes(StandardCharsets.UTF_8);
		this.lettuce = RedisClient.create("redis://" + redisAddress[0] + ":" + redisAddress[1]);
		this.connection = this.lettuce.connect(ByteArrayCodec.INSTANCE);
		this.commands = this.connection.sync();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (this.commands.get(this.redisKey) == null) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The cached price never reached Redis");
			}
			Thread.onSpinWait();
		}
		if (this.redisPrices.price(SKU) == null || this.caffeinePrices.cacheablePrice(SKU) == null) {
			throw new IllegalStateException("Warm-up did not cache the price");
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.connection.sync().del(this.redisKey);
		this.connection.close();
		this.lettuce.shutdown();
		this.redis.close();
		this.caffeine.close();
		this.vendor.stop(0);
	}

	/** A hit through {@code @ThirdPartyCall} on the Caffeine backend. */
	@Benchmark
	public Object thirdPartyCallCaffeineHit() {
		return this.caffeinePrices.price(SKU);
	}

	/** A hit through Spring's {@code @Cacheable} on the same Caffeine cache. */
	@Benchmark
	public Object cacheableCaffeineHit() {
		return this.caffeinePrices.cacheablePrice(SKU);
	}

	/** A raw {@code getIfPresent} on that Caffeine cache. */
	@Benchmark
	public Object rawCaffeineGetIfPresent() {
		return this.nativeCaffeine.getIfPresent(SKU + ":v1");
	}

	/** A hit through {@code @ThirdPartyCall} on the Redis backend. */
	@Benchmark
	public Object thirdPartyCallRedisHit() {
		return this.redisPrices.price(SKU);
	}

	/** A raw Lettuce {@code GET} of the same stored value. */
	@Benchmark
	public Object rawLettuceGet() {
		return this.commands.get(this.redisKey);
	}

	private static ConfigurableApplicationContext context(String vendorUrl, String... properties) {
		return new SpringApplicationBuilder(CacheBenchApplication.class).web(WebApplicationType.NONE)
			.properties("third-party.price.providers[0].name=bench", "third-party.price.providers[0].url=" + vendorUrl,
					"third-party.price.cache.ttl=1h", "spring.cloud.nacos.config.enabled=false",
					"spring.cloud.nacos.discovery.enabled=false", "logging.level.root=WARN",
					"spring.main.banner-mode=off")
			.properties(properties)
			.run();
	}

	private static String[] redisAddress() {
		String configured = System.getenv("THIRDPARTY_BENCH_REDIS");
		return (configured != null && !configured.isBlank()) ? configured.trim().split(":")
				: new String[] { "127.0.0.1", "6379" };
	}

	/** A price, the cached value. */
	public record Price(String sku, BigDecimal amount, String source) {
	}

	/** The application under measurement. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCaching
	static class CacheBenchApplication {

		@Bean
		PriceClient priceClient(Environment environment) {
			return new PriceClient(environment.getRequiredProperty("third-party.price.providers[0].url"));
		}

		/**
		 * The application's cache manager for {@code @Cacheable}, over the very Caffeine
		 * cache that backs service {@code price}.
		 */
		@Bean
		CacheManager benchCacheManager(ServiceCaches caches) {
			SimpleCacheManager manager = new SimpleCacheManager();
			if (caches.cache("price") instanceof CaffeineEntryCache entries) {
				manager.setCaches(List.of(new CaffeineCache("prices", entries.getNativeCache())));
			}
			return manager;
		}

	}

	/** A cached price client, once per caching style. */
	public static class PriceClient {

		private final RestClient rest = RestClient.create();

		private final String vendorUrl;

		PriceClient(String vendorUrl) {
			this.vendorUrl = vendorUrl;
		}

		@ThirdPartyCall(service = "price", key = "#sku")
		public Price price(String sku) {
			return fetch(sku);
		}

		@Cacheable(cacheNames = "prices", cacheManager = "benchCacheManager")
		public Price cacheablePrice(String sku) {
			return fetch(sku);
		}

		private Price fetch(String sku) {
			String body = this.rest.get()
				.uri((ThirdPartyContext.isActive() ? ThirdPartyContext.provider().url() : this.vendorUrl) + "/prices/"
						+ sku)
				.retrieve()
				.body(String.class);
			return new Price(sku, new BigDecimal("9.99"), body);
		}

	}

}
