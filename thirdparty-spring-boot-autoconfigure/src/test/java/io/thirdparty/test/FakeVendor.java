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
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A real HTTP/1.1 vendor on 127.0.0.1 and a random port, for tests: answers {@code 200}
 * with a body naming it, and can be told to fail in the ways real vendors do (an HTTP
 * status with headers, a delay, a reset connection, a garbage body, or not listening at
 * all). Counts and keeps the requests it received, and can verify each one (for example
 * its signature) and answer {@code 401} to those that fail.
 * <p>
 * The port is the vendor's for its whole life: a socket bound to it but never listening
 * holds it while the vendor is {@link #down() down}, so connections are refused (not left
 * hanging) and no other server can take the port before {@link #up()} listens on it
 * again. Both sockets share the port through {@code SO_REUSEPORT}, which the holder turns
 * on only after binding alone, so no socket of another process can join.
 */
public final class FakeVendor implements AutoCloseable {

	/** How the vendor answers. */
	public sealed interface Behaviour permits Ok, Status, Delay, SlowStatus, Reset, Garbage, Hold, Answer {

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

	/** Answers with a status after a delay: a vendor that fails slowly. */
	public record SlowStatus(Duration delay, int code) implements Behaviour {
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

	/**
	 * Answers with a status and a JSON body of the test's choosing, as a vendor's own
	 * error format.
	 */
	public record Answer(int code, String body) implements Behaviour {
	}

	/**
	 * A request the vendor received.
	 *
	 * @param method the method
	 * @param target the request target, path and query as sent
	 * @param headers the headers, names in lower case (the last value of a repeated one)
	 * @param body the body
	 */
	public record Received(String method, String target, Map<String, String> headers, byte[] body) {

		/**
		 * Returns a header's value.
		 * @param name the header's name, in any case
		 * @return the value, or {@code null}
		 */
		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

	private final String name;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();

	private final CountDownLatch held = new CountDownLatch(1);

	private volatile Predicate<Received> verifier = (request) -> true;

	private final ExecutorService workers = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "fake-vendor");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicReference<Behaviour> behaviour = new AtomicReference<>(new Ok());

	private final Queue<Behaviour> next = new ConcurrentLinkedQueue<>();

	private final AtomicInteger requests = new AtomicInteger();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger maxInFlight = new AtomicInteger();

	private final List<Long> requestTimes = new CopyOnWriteArrayList<>();

	private final List<Socket> open = new CopyOnWriteArrayList<>();

	/** Bound to the port for the vendor's whole life, never listening. */
	private final SocketChannel holder;

	private final int port;

	/** The listening socket; {@code null} while down. Guarded by {@code this}. */
	private ServerSocket server;

	/** The thread accepting on {@link #server}. Guarded by {@code this}. */
	private Future<?> accepting;

	private FakeVendor(String name) throws IOException {
		this.name = name;
		this.holder = holdBelowEphemeralPorts();
		this.port = ((InetSocketAddress) this.holder.getLocalAddress()).getPort();
		listen();
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
	 * Returns the {@code Idempotency-Key} header of each request that had one, in arrival
	 * order.
	 * @return the keys
	 */
	public List<String> idempotencyKeys() {
		return List.copyOf(this.idempotencyKeys);
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

	/**
	 * Returns the most requests the vendor was answering at one time.
	 * @return the highest concurrency seen
	 */
	public int maxConcurrent() {
		return this.maxInFlight.get();
	}

	public void resetCount() {
		this.idempotencyKeys.clear();
		this.requests.set(0);
		this.requestTimes.clear();
		this.received.clear();
	}

	/**
	 * Returns the requests received so far, in order.
	 * @return the requests
	 */
	public List<Received> received() {
		return List.copyOf(this.received);
	}

	/**
	 * Verifies every request from now on: one that fails is answered {@code 401},
	 * whatever the behaviour.
	 * @param verifier the check, e.g. of the request's signature
	 * @return this vendor
	 */
	public FakeVendor verify(Predicate<Received> verifier) {
		this.verifier = verifier;
		return this;
	}

	public FakeVendor behave(Behaviour behaviour) {
		this.behaviour.set(behaviour);
		return this;
	}

	/**
	 * Answers the next request with the given behaviour, then goes back to the current
	 * one.
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

	/**
	 * Stops listening: from when this returns, connections are refused until
	 * {@link #up()}, and open connections are closed.
	 * @return this vendor
	 */
	public synchronized FakeVendor down() {
		if (this.server == null) {
			return this;
		}
		try {
			this.server.close();
			// the kernel keeps the listening socket (and accepts into its backlog) until
			// the
			// thread blocked in accept() has left it
			this.accepting.get(30, TimeUnit.SECONDS);
			for (Socket socket : this.open) {
				socket.close();
			}
		}
		catch (IOException | ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not take fake vendor " + this.name + " down", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while taking fake vendor " + this.name + " down", ex);
		}
		finally {
			this.server = null;
		}
		return this;
	}

	/**
	 * Listens again on the same port, answering 200.
	 * @return this vendor
	 */
	public synchronized FakeVendor up() {
		if (this.server == null) {
			try {
				listen();
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not listen again on port " + this.port, ex);
			}
		}
		return ok();
	}

	/**
	 * Returns whether the vendor accepts connections.
	 * @return {@code false} while {@link #down() down}
	 */
	public synchronized boolean isListening() {
		return this.server != null;
	}

	@Override
	public synchronized void close() {
		down();
		try {
			this.holder.close();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not release port " + this.port, ex);
		}
		finally {
			this.workers.shutdownNow();
		}
	}

	/**
	 * Binds a socket alone to a free port below the kernel's ephemeral range (32768 and
	 * up, so that no outgoing connection is ever given it either), then lets the vendor's
	 * own listening sockets share it.
	 */
	private static SocketChannel holdBelowEphemeralPorts() throws IOException {
		IOException last = null;
		for (int i = 0; i < 100; i++) {
			SocketChannel holder = SocketChannel.open();
			try {
				holder.setOption(StandardSocketOptions.SO_REUSEADDR, false);
				holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(),
						20000 + ThreadLocalRandom.current().nextInt(12000)));
				holder.setOption(StandardSocketOptions.SO_REUSEPORT, true);
				return holder;
			}
			catch (IOException taken) {
				holder.close();
				last = taken;
			}
		}
		throw last;
	}

	private void listen() throws IOException {
		ServerSocket listening = new ServerSocket();
		listening.setOption(StandardSocketOptions.SO_REUSEPORT, true);
		listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 200);
		this.server = listening;
		this.accepting = accept(listening);
	}

	private Future<?> accept(ServerSocket listening) {
		return this.workers.submit(() -> {
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
		boolean inFlight = false;
		try (socket) {
			Received request = readRequest(socket.getInputStream());
			if (request == null) {
				return;
			}
			this.requests.incrementAndGet();
			this.maxInFlight.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
			inFlight = true;
			this.requestTimes.add(System.nanoTime());
			this.received.add(request);
			String key = request.header("idempotency-key");
			if (key != null) {
				this.idempotencyKeys.add(key);
			}
			Behaviour once = this.next.poll();
			Behaviour current = (once != null) ? once : this.behaviour.get();
			OutputStream out = socket.getOutputStream();
			String body = "{\"vendor\":\"" + this.name + "\"}";
			if (!this.verifier.test(request)) {
				respond(out, 401, Map.of(), "{\"vendor\":\"" + this.name + "\",\"error\":\"unauthenticated\"}");
			}
			else if (current instanceof Status status) {
				respond(out, status.code(), status.headers(), body);
			}
			else if (current instanceof Delay delay) {
				Thread.sleep(delay.delay().toMillis());
				respond(out, 200, Map.of(), body);
			}
			else if (current instanceof SlowStatus slow) {
				Thread.sleep(slow.delay().toMillis());
				respond(out, slow.code(), Map.of(), body);
			}
			else if (current instanceof Reset) {
				socket.setSoLinger(true, 0);
			}
			else if (current instanceof Hold hold) {
				hold.latch().await();
				respond(out, 200, Map.of(), body);
			}
			else if (current instanceof Answer answer) {
				respond(out, answer.code(), Map.of(), answer.body());
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
			// the client gave up (its timeout) or the vendor was taken down: nothing to
			// answer
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			if (inFlight) {
				this.inFlight.decrementAndGet();
			}
			this.open.remove(socket);
		}
	}

	private static Received readRequest(InputStream in) throws IOException {
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
		String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
		String[] requestLine = lines[0].split(" ");
		Map<String, String> headers = new java.util.HashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
		}
		int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
		byte[] body = in.readNBytes(length);
		return new Received(requestLine[0], (requestLine.length > 1) ? requestLine[1] : "", Map.copyOf(headers), body);
	}

	private static void respond(OutputStream out, int status, Map<String, String> headers, String body)
			throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status)
			.append(" X\r\n")
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
