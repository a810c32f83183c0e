package io.thirdparty.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP/1.1 vendor on 127.0.0.1 and a random port, for tests: answers {@code 200} with
 * a body naming it, and can be told to fail in the ways real vendors do (an HTTP status with
 * headers, a delay, a reset connection, a garbage body, holding the answer until released, or
 * not listening at all). Counts the requests it received and records the
 * {@code Idempotency-Key} header of each.
 */
public final class FakeVendor implements AutoCloseable {

	/** How the vendor answers. */
	public sealed interface Behaviour permits Ok, Status, Delay, Reset, Garbage, Hold {
	}

	/** Answers 200 with the vendor's body. */
	public record Ok() implements Behaviour {
	}

	/** Answers with a status and headers. */
	public record Status(int code, Map<String, String> headers) implements Behaviour {
	}

	/** Answers 200 after a delay. */
	public record Delay(Duration delay) implements Behaviour {
	}

	/** Resets the connection without answering. */
	public record Reset() implements Behaviour {
	}

	/** Answers 200 with a body that is not what the client expects. */
	public record Garbage() implements Behaviour {
	}

	/** Answers 200 once the latch is released (see {@link FakeVendor#release()}). */
	public record Hold(CountDownLatch latch) implements Behaviour {
	}

	private final String name;

	private final ExecutorService workers = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "fake-vendor");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicReference<Behaviour> behaviour = new AtomicReference<>(new Ok());

	private final Queue<Behaviour> next = new ConcurrentLinkedQueue<>();

	private final AtomicInteger requests = new AtomicInteger();

	private final List<Long> requestTimes = new CopyOnWriteArrayList<>();

	private final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();

	private final CountDownLatch held = new CountDownLatch(1);

	private final List<Socket> open = new CopyOnWriteArrayList<>();

	private volatile ServerSocket server;

	private final int port;

	private FakeVendor(String name) throws IOException {
		this.name = name;
		this.server = listen(0);
		this.port = this.server.getLocalPort();
		accept(this.server);
	}

	/**
	 * Starts a vendor.
	 * @param name the name it answers with
	 * @return the running vendor
	 */
	public static FakeVendor start(String name) {
		try {
			return new FakeVendor(name);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start fake vendor " + name, ex);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	public String name() {
		return this.name;
	}

	/**
	 * Returns the number of requests received so far.
	 * @return the count
	 */
	public int requests() {
		return this.requests.get();
	}

	/**
	 * Returns when each request arrived, in {@link System#nanoTime()} units.
	 * @return the arrival times
	 */
	public List<Long> requestTimes() {
		return List.copyOf(this.requestTimes);
	}

	/**
	 * Returns the {@code Idempotency-Key} header of each request that had one, in arrival order.
	 * @return the keys
	 */
	public List<String> idempotencyKeys() {
		return List.copyOf(this.idempotencyKeys);
	}

	public void resetCount() {
		this.requests.set(0);
		this.requestTimes.clear();
		this.idempotencyKeys.clear();
	}

	/**
	 * Holds every request from now on without answering, until {@link #release()}.
	 * @return this vendor
	 */
	public FakeVendor hold() {
		return behave(new Hold(this.held));
	}

	/** Answers every held request, and any later one held with {@link #hold()}. */
	public void release() {
		this.held.countDown();
	}

	public FakeVendor behave(Behaviour behaviour) {
		this.behaviour.set(behaviour);
		return this;
	}

	/**
	 * Answers the next request with the given behaviour, then goes back to the current one.
	 * @param behaviour the behaviour for one request
	 * @return this vendor
	 */
	public FakeVendor once(Behaviour behaviour) {
		this.next.add(behaviour);
		return this;
	}

	public FakeVendor ok() {
		return behave(new Ok());
	}

	public FakeVendor status(int code) {
		return behave(new Status(code, Map.of()));
	}

	/** Stops listening: connections are refused until {@link #up()}. */
	public synchronized FakeVendor down() {
		try {
			this.server.close();
			for (Socket socket : this.open) {
				socket.close();
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return this;
	}

	/** Listens again on the same port, answering 200. */
	public synchronized FakeVendor up() {
		try {
			this.server = listen(this.port);
			accept(this.server);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not listen again on port " + this.port, ex);
		}
		return ok();
	}

	@Override
	public void close() {
		down();
		this.workers.shutdownNow();
	}

	private static ServerSocket listen(int port) throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
		return socket;
	}

	private void accept(ServerSocket listening) {
		this.workers.execute(() -> {
			while (!listening.isClosed()) {
				try {
					Socket socket = listening.accept();
					this.open.add(socket);
					this.workers.execute(() -> serve(socket));
				}
				catch (IOException closed) {
					return;
				}
			}
		});
	}

	private void serve(Socket socket) {
		try (socket) {
			String head = readRequest(socket.getInputStream());
			if (head == null) {
				return;
			}
			String key = header(head, "idempotency-key");
			if (key != null) {
				this.idempotencyKeys.add(key);
			}
			this.requests.incrementAndGet();
			this.requestTimes.add(System.nanoTime());
			Behaviour once = this.next.poll();
			Behaviour current = (once != null) ? once : this.behaviour.get();
			OutputStream out = socket.getOutputStream();
			String body = "{\"vendor\":\"" + this.name + "\"}";
			if (current instanceof Status status) {
				respond(out, status.code(), status.headers(), body);
			}
			else if (current instanceof Delay delay) {
				Thread.sleep(delay.delay().toMillis());
				respond(out, 200, Map.of(), body);
			}
			else if (current instanceof Reset) {
				socket.setSoLinger(true, 0);
			}
			else if (current instanceof Hold hold) {
				hold.latch().await();
				respond(out, 200, Map.of(), body);
			}
			else if (current instanceof Garbage) {
				respond(out, 200, Map.of(), "\u0000\u0001not json at all");
			}
			else {
				respond(out, 200, Map.of(), body);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (SocketException closedByClient) {
			// the client gave up (its timeout) or the vendor was taken down: nothing to answer
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			this.open.remove(socket);
		}
	}

	private static String readRequest(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		int b;
		while (matched < 4 && (b = in.read()) != -1) {
			head.write(b);
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
		}
		if (matched < 4) {
			return null;
		}
		String text = head.toString(StandardCharsets.ISO_8859_1);
		String length = header(text, "content-length");
		in.readNBytes((length != null) ? Integer.parseInt(length) : 0);
		return text;
	}

	private static String header(String head, String name) {
		for (String line : head.split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith(name + ":")) {
				return line.substring(name.length() + 1).trim();
			}
		}
		return null;
	}

	private static void respond(OutputStream out, int status, Map<String, String> headers, String body)
			throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n")
			.append("Content-Type: application/json\r\nConnection: close\r\nContent-Length: ")
			.append(bytes.length)
			.append("\r\n");
		headers.forEach((key, value) -> head.append(key).append(": ").append(value).append("\r\n"));
		head.append("\r\n");
		out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
		out.write(bytes);
		out.flush();
	}

}
