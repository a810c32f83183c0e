package io.thirdparty.benchmarks.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.web.client.RestClient;

import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyContext;
import io.thirdparty.provider.ProviderStateChangedEvent;
import io.thirdparty.signing.ThirdPartyRestClients;

/**
 * P4 of issue 10: failover latency with one of two vendors dead. Service {@code fo} has
 * two providers, weights 50/50: {@code a} and {@code b}. Three runs, each in a fresh
 * application:
 * <ol>
 * <li>{@code baseline}: both vendors healthy (after a first, unreported run of the same,
 * to warm the JIT);</li>
 * <li>{@code refused}: {@code a}'s port is bound but never listens, so connecting is
 * refused;</li>
 * <li>{@code hang}: {@code a} accepts the connection and never answers (read timeout 1
 * s).</li>
 * </ol>
 * Callers on {@value #THREADS} threads call for {@value #SECONDS} s; each successful
 * call's latency is put in the window "before ejection" or "after ejection" by whether it
 * started before or after {@code a}'s {@code EJECTED} event. Prints p50 / p99 / max per
 * window. <pre>
 * java -cp benchmarks/target/benchmarks.jar io.thirdparty.benchmarks.load.FailoverLatency
 * </pre>
 */
public final class FailoverLatency {

	static final int THREADS = 4;

	static final int SECONDS = 20;

	private FailoverLatency() {
	}

	public static void main(String[] args) throws Exception {
		System.setProperty("sun.net.httpserver.nodelay", "true");
		HttpServer b = vendor();
		HttpServer healthyA = vendor();
		try (SocketChannel refused = heldPort(); HangingVendor hanging = new HangingVendor()) {
			System.out.println("| run | window | calls | failed | p50 ms | p99 ms | max ms |");
			System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
			run(null, url(healthyA), url(b));
			run("baseline", url(healthyA), url(b));
			run("refused", "http://127.0.0.1:" + ((InetSocketAddress) refused.getLocalAddress()).getPort(), url(b));
			run("hang", "http://127.0.0.1:" + hanging.port(), url(b));
		}
		finally {
			stop(b);
			stop(healthyA);
		}
	}

	/**
	 * Runs one application for {@value #SECONDS} s; prints its figures unless
	 * {@code name} is null (warm-up).
	 */
	private static void run(String name, String urlA, String urlB) throws InterruptedException {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(FailoverApplication.class)
			.web(WebApplicationType.NONE)
			.properties("third-party.fo.strategy=weighted", "third-party.fo.retry.backoff=10ms",
					"third-party.fo.http.read-timeout=1s", "third-party.fo.http.connect-timeout=1s",
					"third-party.fo.providers[0].name=a", "third-party.fo.providers[0].url=" + urlA,
					"third-party.fo.providers[0].weight=50", "third-party.fo.providers[1].name=b",
					"third-party.fo.providers[1].url=" + urlB, "third-party.fo.providers[1].weight=50",
					"logging.level.root=ERROR", "spring.main.banner-mode=off")
			.run()) {
			Client client = context.getBean(Client.class);
			Ejections ejections = context.getBean(Ejections.class);
			ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
			AtomicInteger failed = new AtomicInteger();
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
			ExecutorService callers = Executors.newFixedThreadPool(THREADS);
			CountDownLatch done = new CountDownLatch(THREADS);
			for (int i = 0; i < THREADS; i++) {
				callers.execute(() -> {
					while (System.nanoTime() < end) {
						long start = System.nanoTime();
						try {
							client.get();
							samples.add(new long[] { start, System.nanoTime() - start });
						}
						catch (RuntimeException ex) {
							failed.incrementAndGet();
						}
					}
					done.countDown();
				});
			}
			done.await();
			callers.shutdown();
			if (name == null) {
				return;
			}
			long ejected = ejections.ejectedAt();
			List<Long> before = new ArrayList<>();
			List<Long> after = new ArrayList<>();
			for (long[] sample : samples) {
				((ejected != 0 && sample[0] >= ejected) ? after : before).add(sample[1]);
			}
			print(name, (ejected != 0) ? "before ejection" : "whole run (no ejection)", before, failed.get());
			if (ejected != 0) {
				print(name, "after ejection", after, 0);
			}
		}
	}

	private static void print(String run, String window, List<Long> latencies, int failed) {
		long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
		System.out.printf("| %s | %s | %d | %d | %.2f | %.2f | %.2f |%n", run, window, sorted.length, failed,
				millis(percentile(sorted, 0.50)), millis(percentile(sorted, 0.99)),
				millis((sorted.length > 0) ? sorted[sorted.length - 1] : 0));
	}

	private static long percentile(long[] sorted, double p) {
		return (sorted.length == 0) ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
	}

	private static double millis(long nanos) {
		return nanos / 1_000_000.0;
	}

	private static HttpServer vendor() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.setExecutor(Executors.newFixedThreadPool(8));
		server.createContext("/", (exchange) -> {
			byte[] body = "OK".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		return server;
	}

	private static void stop(HttpServer server) {
		server.stop(0);
		((ExecutorService) server.getExecutor()).shutdownNow();
	}

	private static String url(HttpServer server) {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	/** A port bound but not listening: connecting to it is refused. */
	private static SocketChannel heldPort() throws IOException {
		SocketChannel channel = SocketChannel.open();
		channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		return channel;
	}

	/** Accepts every connection and never answers. */
	static final class HangingVendor implements AutoCloseable {

		private final ServerSocket server;

		private final List<Socket> held = new ArrayList<>();

		private final Thread acceptor;

		HangingVendor() throws IOException {
			this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
			this.acceptor = new Thread(() -> {
				while (!this.server.isClosed()) {
					try {
						Socket socket = this.server.accept();
						synchronized (this.held) {
							this.held.add(socket);
						}
					}
					catch (IOException ex) {
						return;
					}
				}
			}, "hanging-vendor");
			this.acceptor.setDaemon(true);
			this.acceptor.start();
		}

		int port() {
			return this.server.getLocalPort();
		}

		@Override
		public void close() throws IOException {
			this.server.close();
			synchronized (this.held) {
				for (Socket socket : this.held) {
					socket.close();
				}
			}
		}

	}

	/** The application: the client and the ejection listener. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class FailoverApplication {

		@Bean
		Client client(ThirdPartyRestClients clients) {
			return new Client(clients.builder("fo").build());
		}

		@Bean
		Ejections ejections() {
			return new Ejections();
		}

	}

	/** The vendor client under measurement. */
	public static class Client {

		private final RestClient rest;

		Client(RestClient rest) {
			this.rest = rest;
		}

		@ThirdPartyCall(service = "fo")
		public String get() {
			return this.rest.get().uri(ThirdPartyContext.provider().url() + "/ok").retrieve().body(String.class);
		}

	}

	/** Records when provider {@code a} was first ejected. */
	static class Ejections {

		private final AtomicLong a = new AtomicLong();

		@EventListener
		void on(ProviderStateChangedEvent event) {
			if (event.getChange() == ProviderStateChangedEvent.Change.EJECTED
					&& event.getProvider().name().equals("a")) {
				this.a.compareAndSet(0, System.nanoTime());
			}
		}

		/** When {@code a} was first ejected ({@link System#nanoTime()}), 0 if never. */
		long ejectedAt() {
			return this.a.get();
		}

	}

}
