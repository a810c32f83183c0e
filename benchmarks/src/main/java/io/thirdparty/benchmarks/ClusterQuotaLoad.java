package io.thirdparty.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyContext;
import io.thirdparty.quota.Quotas;

/**
 * Load driver of the cluster quota goal (issue 12): two instances of one application (two
 * Spring Boot contexts in this JVM) share a Redis; callers on each send {@code rate}
 * calls a second for {@code seconds} seconds through {@code @ThirdPartyCall} with
 * strategy {@code cost}; the cheap vendor has a quota of {@code quota} requests a second,
 * the dear one none. Counts what each vendor receives in each second (by arrival) and
 * every caller error, and says whether the goal holds: the cheap vendor receives at most
 * {@code quota × 1.05} in every second, the rest goes to the dear one, no caller sees an
 * error. <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.thirdparty.benchmarks.ClusterQuotaLoad [rate] [seconds] [quota]
 * </pre> Redis: {@code THIRDPARTY_BENCH_REDIS} ({@code host:port}), else 127.0.0.1:6379.
 * The load is open-loop: a scheduler starts each call on time, whatever the calls before
 * it do. Three seconds of the same load warm the JVM up first and are not counted.
 */
public final class ClusterQuotaLoad {

	private static final int WARM_UP_SECONDS = 3;

	private ClusterQuotaLoad() {
	}

	public static void main(String[] args) throws Exception {
		int rate = (args.length > 0) ? Integer.parseInt(args[0]) : 200;
		int seconds = (args.length > 1) ? Integer.parseInt(args[1]) : 20;
		int quota = (args.length > 2) ? Integer.parseInt(args[2]) : 50;
		String[] redis = redisAddress();
		String prefix = "thirdparty-load-" + UUID.randomUUID() + ":";
		try (Vendor cheap = new Vendor("cheap"); Vendor dear = new Vendor("dear")) {
			List<ConfigurableApplicationContext> instances = new ArrayList<>();
			try {
				for (int i = 0; i < 2; i++) {
					instances.add(instance(cheap, dear, quota, redis, prefix));
				}
				if (!instances.get(0).getBean(Quotas.class).isShared()) {
					throw new IllegalStateException("Quotas are not shared: no Lettuce connection to Redis");
				}
				Load warmUp = new Load(instances, rate);
				warmUp.run(WARM_UP_SECONDS);
				long firstSecond = Load.nextSecond();
				Load load = new Load(instances, rate);
				load.runFrom(firstSecond, seconds);
				report(rate, seconds, quota, cheap, dear, load, firstSecond);
			}
			finally {
				instances.forEach(ConfigurableApplicationContext::close);
			}
		}
	}

	private static void report(int rate, int seconds, int quota, Vendor cheap, Vendor dear, Load load,
			long firstSecond) {
		double allowed = quota * 1.05;
		int cheapTotal = 0;
		int dearTotal = 0;
		int cheapMax = 0;
		int cheapMin = Integer.MAX_VALUE;
		StringBuilder perSecond = new StringBuilder();
		// calls started in the last second may arrive in the next ones on a loaded
		// machine: count them too
		long lastSecond = Math.max(firstSecond + seconds - 1, Math.max(cheap.lastSecond(), dear.lastSecond()));
		for (long second = firstSecond; second <= lastSecond; second++) {
			int c = cheap.in(second);
			int d = dear.in(second);
			cheapTotal += c;
			dearTotal += d;
			cheapMax = Math.max(cheapMax, c);
			if (second < firstSecond + seconds) {
				cheapMin = Math.min(cheapMin, c);
			}
			perSecond.append(String.format("  second %2d: cheap %3d, dear %3d%n", second - firstSecond + 1, c, d));
		}
		int calls = load.started.get();
		System.out.printf("Cluster quota load: 2 instances x %d calls/s for %d s, cheap vendor quota %d/s%n", rate,
				seconds, quota);
		System.out.print(perSecond);
		System.out.printf(
				"calls started %d, answered %d, caller errors %d; latency p50 %.1f ms, p99 %.1f ms, " + "max %.1f ms%n",
				calls, load.answered.get(), load.errors.get(), load.percentile(0.50), load.percentile(0.99),
				load.percentile(1.0));
		System.out.printf(
				"cheap: total %d, per second min %d (of the %d loaded seconds) max %d mean %.1f "
						+ "(allowed <= %.1f)%n",
				cheapTotal, cheapMin, seconds, cheapMax, (double) cheapTotal / seconds, allowed);
		System.out.printf("dear: total %d, mean %.1f per second%n", dearTotal, (double) dearTotal / seconds);
		if (load.firstError.get() != null) {
			System.out.println("first caller error: " + load.firstError.get());
		}
		boolean met = cheapMax <= allowed && load.errors.get() == 0 && cheapTotal + dearTotal == calls;
		System.out.println("goal " + (met ? "met" : "NOT met"));
	}

	private static ConfigurableApplicationContext instance(Vendor cheap, Vendor dear, int quota, String[] redis,
			String prefix) {
		return new SpringApplicationBuilder(LoadApplication.class).web(WebApplicationType.NONE)
			.properties("spring.data.redis.host=" + redis[0], "spring.data.redis.port=" + redis[1],
					"third-party.quotas.key-prefix=" + prefix, "third-party.sms.strategy=cost",
					"third-party.sms.providers[0].name=dear", "third-party.sms.providers[0].url=" + dear.url(),
					"third-party.sms.providers[0].cost=2", "third-party.sms.providers[1].name=cheap",
					"third-party.sms.providers[1].url=" + cheap.url(), "third-party.sms.providers[1].cost=1",
					"third-party.sms.providers[1].quota.limit=" + quota, "third-party.sms.providers[1].quota.period=1s",
					"spring.cloud.nacos.config.enabled=false", "spring.cloud.nacos.discovery.enabled=false",
					"logging.level.root=WARN", "spring.main.banner-mode=off")
			.run();
	}

	private static String[] redisAddress() {
		String configured = System.getenv("THIRDPARTY_BENCH_REDIS");
		return (configured != null && !configured.isBlank()) ? configured.trim().split(":")
				: new String[] { "127.0.0.1", "6379" };
	}

	/** Open-loop callers on every instance: each call starts on time on a pool thread. */
	private static final class Load {

		private final List<SmsClient> clients = new ArrayList<>();

		private final int rate;

		final AtomicInteger started = new AtomicInteger();

		final AtomicInteger answered = new AtomicInteger();

		final AtomicInteger errors = new AtomicInteger();

		final AtomicReference<String> firstError = new AtomicReference<>();

		private final List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());

		Load(List<ConfigurableApplicationContext> instances, int rate) {
			instances.forEach((instance) -> this.clients.add(instance.getBean(SmsClient.class)));
			this.rate = rate;
		}

		static long nextSecond() {
			return System.currentTimeMillis() / 1000 + 1;
		}

		void run(int seconds) throws InterruptedException {
			runFrom(nextSecond(), seconds);
		}

		/**
		 * Calls from the start of second {@code first} (epoch seconds) for
		 * {@code seconds} seconds.
		 */
		void runFrom(long first, int seconds) throws InterruptedException {
			ScheduledExecutorService ticks = Executors.newScheduledThreadPool(this.clients.size());
			ExecutorService callers = Executors.newFixedThreadPool(64);
			long periodNanos = TimeUnit.SECONDS.toNanos(1) / this.rate;
			long delayNanos = TimeUnit.MILLISECONDS.toNanos(first * 1000 - System.currentTimeMillis());
			long end = (first + seconds) * 1000;
			List<ScheduledFuture<?>> schedules = new ArrayList<>();
			for (SmsClient client : this.clients) {
				schedules.add(ticks.scheduleAtFixedRate(() -> {
					if (System.currentTimeMillis() < end) {
						this.started.incrementAndGet();
						callers.execute(() -> call(client));
					}
				}, delayNanos, periodNanos, TimeUnit.NANOSECONDS));
			}
			Thread.sleep(Math.max(0, end - System.currentTimeMillis()));
			schedules.forEach((schedule) -> schedule.cancel(false));
			ticks.shutdown();
			callers.shutdown();
			if (!callers.awaitTermination(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Calls still running 30 s after the load ended");
			}
		}

		double percentile(double p) {
			List<Long> sorted = new ArrayList<>(this.latencies);
			if (sorted.isEmpty()) {
				return 0;
			}
			java.util.Collections.sort(sorted);
			int index = Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1);
			return sorted.get(Math.max(0, index)) / 1e6;
		}

		private void call(SmsClient client) {
			long start = System.nanoTime();
			try {
				client.send("hello");
				this.answered.incrementAndGet();
				this.latencies.add(System.nanoTime() - start);
			}
			catch (RuntimeException ex) {
				this.errors.incrementAndGet();
				this.firstError.compareAndSet(null, ex.toString());
			}
		}

	}

	/** A vendor on 127.0.0.1 that counts the requests arriving in each second. */
	private static final class Vendor implements AutoCloseable {

		private final HttpServer server;

		private final ExecutorService threads = Executors.newFixedThreadPool(16);

		private final Map<Long, AtomicInteger> perSecond = new ConcurrentHashMap<>();

		Vendor(String name) throws IOException {
			byte[] body = ("{\"vendor\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			this.server.createContext("/", (exchange) -> {
				this.perSecond.computeIfAbsent(System.currentTimeMillis() / 1000, (second) -> new AtomicInteger())
					.incrementAndGet();
				try (InputStream in = exchange.getRequestBody()) {
					in.readAllBytes();
				}
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			this.server.setExecutor(this.threads);
			this.server.start();
		}

		String url() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort();
		}

		long lastSecond() {
			return this.perSecond.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
		}

		int in(long second) {
			AtomicInteger count = this.perSecond.get(second);
			return (count != null) ? count.get() : 0;
		}

		@Override
		public void close() {
			this.server.stop(0);
			this.threads.shutdownNow();
		}

	}

	/** A user's SMS client: the provider chosen for the attempt receives the request. */
	public static class SmsClient {

		private final RestClient rest = RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory(
					HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()))
			.build();

		@ThirdPartyCall(service = "sms")
		public String send(String text) {
			Provider provider = ThirdPartyContext.provider();
			return this.rest.post().uri(provider.url() + "/send").body(text).retrieve().body(String.class);
		}

	}

	/** The application each instance runs. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class LoadApplication {

		@Bean
		SmsClient smsClient() {
			return new SmsClient();
		}

	}

}
