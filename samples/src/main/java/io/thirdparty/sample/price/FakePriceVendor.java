package io.thirdparty.sample.price;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.thirdparty.sample.vendor.HeldPort;

/**
 * The sample's fake price vendor: a real HTTP/1.1 server on 127.0.0.1 answering
 * {@code GET /prices/<sku>} with a JSON quote, slowly (as the vendors worth caching are),
 * and numbering its quotes so that a cached answer shows. It can be taken down
 * (connections are refused) and brought back; the port is its own for its whole life (see
 * {@link HeldPort}).
 */
public final class FakePriceVendor implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(FakePriceVendor.class);

	private static final String PATH = "/prices/";

	private final Duration delay;

	private final AtomicLong quotes = new AtomicLong();

	private final ExecutorService workers = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "fake-price-vendor");
		thread.setDaemon(true);
		return thread;
	});

	private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

	private final HeldPort port;

	/** The listening socket; {@code null} while down. Guarded by {@code this}. */
	private ServerSocket server;

	/** The thread accepting on {@link #server}. Guarded by {@code this}. */
	private Future<?> accepting;

	private FakePriceVendor(int port, Duration delay) {
		this.delay = delay;
		this.port = HeldPort.claim("Fake price vendor", port);
		listen();
	}

	/**
	 * Starts the vendor.
	 * @param port the port, {@code 0} for a free one
	 * @param delay how long each quote takes
	 * @return the listening vendor
	 */
	public static FakePriceVendor start(int port, Duration delay) {
		return new FakePriceVendor(port, delay);
	}

	public int port() {
		return this.port.port();
	}

	/**
	 * Returns how many quotes the vendor has given.
	 * @return the count
	 */
	public long quotes() {
		return this.quotes.get();
	}

	public synchronized boolean isUp() {
		return this.server != null;
	}

	/**
	 * Stops listening and drops open connections: from when this returns, connections are
	 * refused until {@link #up()}.
	 */
	public synchronized void down() {
		if (this.server != null) {
			close(this.server);
			this.server = null;
			awaitAcceptingEnded();
		}
		this.connections.forEach(this::close);
	}

	/** Listens again on the same port. */
	public synchronized void up() {
		if (this.server == null) {
			listen();
		}
	}

	@Override
	public synchronized void close() {
		try {
			down();
			this.port.close();
		}
		finally {
			this.workers.shutdownNow();
		}
	}

	private void listen() {
		ServerSocket listening = this.port.listen(50);
		this.server = listening;
		this.accepting = this.workers.submit(() -> {
			while (!listening.isClosed()) {
				try {
					Socket connection = listening.accept();
					this.connections.add(connection);
					this.workers.execute(() -> serve(connection));
				}
				catch (IOException ex) {
					if (!listening.isClosed()) {
						logger.warn("Fake price vendor could not accept a connection", ex);
					}
				}
			}
		});
	}

	/**
	 * Waits for the accepting thread to leave the closed socket: until then the kernel
	 * keeps the socket listening and completes connections into its backlog instead of
	 * refusing them.
	 */
	private void awaitAcceptingEnded() {
		try {
			this.accepting.get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Fake price vendor did not stop accepting", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while the fake price vendor stopped accepting", ex);
		}
	}

	private void serve(Socket connection) {
		try (connection) {
			BufferedReader in = new BufferedReader(
					new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
			String requestLine = in.readLine();
			// a GET has no body: the head is all there is to read
			String header;
			do {
				header = in.readLine();
			}
			while (header != null && !header.isEmpty());
			String[] parts = (requestLine != null) ? requestLine.split(" ") : new String[0];
			if (parts.length < 2 || !parts[0].equals("GET") || !parts[1].startsWith(PATH)) {
				respond(connection, "404 Not Found", "{\"error\":\"not_found\"}");
				return;
			}
			respond(connection, "200 OK", quote(parts[1].substring(PATH.length())));
		}
		catch (IOException ex) {
			logger.debug("Fake price vendor: connection ended early", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.connections.remove(connection);
		}
	}

	private String quote(String sku) throws InterruptedException {
		Thread.sleep(this.delay.toMillis());
		// a stable made-up price per product, so that the sample shows the same amount
		BigDecimal amount = BigDecimal.valueOf(Math.floorMod(sku.hashCode(), 10_000), 2)
			.add(BigDecimal.ONE)
			.setScale(2, RoundingMode.UNNECESSARY);
		return "{\"sku\":\"" + sku.replace("\"", "") + "\",\"amount\":" + amount + ",\"currency\":\"CNY\",\"quote\":"
				+ this.quotes.incrementAndGet() + ",\"quotedAt\":\"" + Instant.now() + "\"}";
	}

	private static void respond(Socket connection, String status, String body) throws IOException {
		byte[] content = body.getBytes(StandardCharsets.UTF_8);
		String head = "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + content.length
				+ "\r\nConnection: close\r\n\r\n";
		OutputStream out = connection.getOutputStream();
		out.write(head.getBytes(StandardCharsets.ISO_8859_1));
		out.write(content);
		out.flush();
	}

	private void close(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			logger.debug("Fake price vendor: close failed", ex);
		}
	}

}
