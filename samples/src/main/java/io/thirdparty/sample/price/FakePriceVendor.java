package io.thirdparty.sample.price;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The sample's fake price vendor: a real HTTP server on 127.0.0.1 answering
 * {@code GET /prices/<sku>} with a JSON quote, slowly (as the vendors worth caching are), and
 * numbering its quotes so that a cached answer shows. It can be taken down and brought back on
 * the same port.
 */
public final class FakePriceVendor implements AutoCloseable {

	private final Duration delay;

	private final AtomicLong quotes = new AtomicLong();

	private final ExecutorService workers = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "fake-price-vendor");
		thread.setDaemon(true);
		return thread;
	});

	private volatile HttpServer server;

	private final int port;

	private FakePriceVendor(int port, Duration delay) throws IOException {
		this.delay = delay;
		this.server = listen(port);
		this.port = this.server.getAddress().getPort();
	}

	/**
	 * Starts the vendor.
	 * @param port the port, {@code 0} for a free one
	 * @param delay how long each quote takes
	 * @return the listening vendor
	 */
	public static FakePriceVendor start(int port, Duration delay) {
		try {
			return new FakePriceVendor(port, delay);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the fake price vendor on port " + port, ex);
		}
	}

	public int port() {
		return this.port;
	}

	/**
	 * Returns how many quotes the vendor has given.
	 * @return the count
	 */
	public long quotes() {
		return this.quotes.get();
	}

	public boolean isUp() {
		return this.server != null;
	}

	/** Stops listening: connections are refused until {@link #up()}. */
	public synchronized void down() {
		if (this.server != null) {
			this.server.stop(0);
			this.server = null;
		}
	}

	/** Listens again on the same port. */
	public synchronized void up() {
		if (this.server == null) {
			try {
				this.server = listen(this.port);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not listen again on port " + this.port, ex);
			}
		}
	}

	@Override
	public void close() {
		down();
		this.workers.shutdownNow();
	}

	private HttpServer listen(int port) throws IOException {
		HttpServer listening = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
		listening.setExecutor(this.workers);
		listening.createContext("/prices/", this::quote);
		listening.start();
		return listening;
	}

	private void quote(HttpExchange exchange) throws IOException {
		try (exchange) {
			String sku = exchange.getRequestURI().getPath().substring("/prices/".length());
			Thread.sleep(this.delay.toMillis());
			// a stable made-up price per product, so that the sample shows the same amount
			BigDecimal amount = BigDecimal.valueOf(Math.floorMod(sku.hashCode(), 10_000), 2)
				.add(BigDecimal.ONE)
				.setScale(2, RoundingMode.UNNECESSARY);
			String body = "{\"sku\":\"" + sku.replace("\"", "") + "\",\"amount\":" + amount
					+ ",\"currency\":\"CNY\",\"quote\":" + this.quotes.incrementAndGet() + ",\"quotedAt\":\""
					+ Instant.now() + "\"}";
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
