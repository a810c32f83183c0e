package io.thirdparty.sample.vendor;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * A fake SMS vendor: a small HTTP/1.1 server on 127.0.0.1 that speaks its own
 * {@link SmsApi} (paths, payloads, authentication, error format), answers with a message
 * id, and fails on demand the way real vendors do (see {@link Fault}).
 * <p>
 * The faults are real network behaviour, not mocks: a {@code 500} is an HTTP answer, a
 * timeout is a request left unanswered, a reset is a TCP RST and down is a port with
 * nothing listening on it (connections are refused), so the client sees exactly what it
 * would see in production. The port is the vendor's for its whole life, also while down
 * (see {@link HeldPort}).
 */
public final class FakeSmsVendor implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(FakeSmsVendor.class);

	/**
	 * Longest a connection is held: a request left unanswered, or one that never arrives.
	 */
	private static final int SOCKET_TIMEOUT_MILLIS = 60_000;

	private static final int MAX_LINE_LENGTH = 8 * 1024;

	private static final int MAX_BODY_LENGTH = 64 * 1024;

	private final String name;

	private final SmsApi api;

	private final HeldPort port;

	private final ExecutorService threads;

	private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

	private final AtomicLong requests = new AtomicLong();

	private volatile Fault fault = Fault.NONE;

	/** The listening socket; {@code null} while down. Guarded by {@code this}. */
	private ServerSocket listener;

	/** The thread accepting on {@link #listener}. Guarded by {@code this}. */
	private Future<?> accepting;

	private FakeSmsVendor(String name, SmsApi api, HeldPort port) {
		this.name = name;
		this.api = api;
		this.port = port;
		this.threads = Executors.newCachedThreadPool(daemonThreads("vendor-" + name + "-"));
		listen();
	}

	/**
	 * Starts a vendor listening on 127.0.0.1.
	 * @param name the vendor's name, used in its answers
	 * @param port the port, or {@code 0} for a free one
	 * @param api the vendor's own API: its paths, payloads, authentication and error
	 * format
	 * @return the listening vendor
	 * @throws UncheckedIOException when the port cannot be bound
	 */
	public static FakeSmsVendor start(String name, int port, SmsApi api) {
		FakeSmsVendor vendor = new FakeSmsVendor(name, api, HeldPort.claim("Fake SMS vendor " + name, port));
		logger.info("Fake SMS vendor {} listening on {}", name, vendor.url());
		return vendor;
	}

	public String name() {
		return this.name;
	}

	public int port() {
		return this.port.port();
	}

	/**
	 * Returns the vendor's base URL.
	 * @return {@code http://127.0.0.1:<port>}
	 */
	public String url() {
		return "http://127.0.0.1:" + this.port.port();
	}

	public Fault fault() {
		return this.fault;
	}

	/**
	 * Returns the number of complete requests received, whatever the answer was.
	 * @return the count
	 */
	public long requests() {
		return this.requests.get();
	}

	/**
	 * Returns whether the vendor accepts connections.
	 * @return {@code false} while {@link Fault#DOWN down}
	 */
	public synchronized boolean isListening() {
		return this.listener != null;
	}

	/**
	 * Makes the vendor fail in the given way from now on. {@link Fault#DOWN} closes the
	 * listening socket and every open connection, and returns once connections are
	 * refused; any other fault listens again, on the same port, if the vendor was down.
	 * @param fault the fault, {@link Fault#NONE} for a healthy vendor
	 * @throws UncheckedIOException when the port cannot be bound again
	 */
	public synchronized void apply(Fault fault) {
		this.fault = fault;
		if (fault == Fault.DOWN) {
			stopListening();
		}
		else if (this.listener == null) {
			listen();
		}
		logger.info("Fake SMS vendor {} now {}", this.name,
				(fault == Fault.NONE) ? "healthy" : "fails with " + fault.type());
	}

	/** Stops listening, drops every connection and stops the vendor's threads. */
	@Override
	public synchronized void close() {
		try {
			stopListening();
			this.port.close();
		}
		finally {
			this.threads.shutdownNow();
		}
	}

	private void listen() {
		this.listener = this.port.listen(50);
		this.accepting = acceptOn(this.listener);
	}

	private void stopListening() {
		if (this.listener != null) {
			closeQuietly(this.listener);
			this.listener = null;
			awaitAcceptingEnded();
		}
		for (Socket connection : this.connections) {
			closeQuietly(connection);
		}
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
			throw new IllegalStateException("Fake SMS vendor " + this.name + " did not stop accepting", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while fake SMS vendor " + this.name + " stopped accepting",
					ex);
		}
	}

	private Future<?> acceptOn(ServerSocket listening) {
		return this.threads.submit(() -> {
			while (!listening.isClosed()) {
				Socket connection;
				try {
					connection = listening.accept();
				}
				catch (IOException ex) {
					if (!listening.isClosed()) {
						logger.warn("Fake SMS vendor {} could not accept a connection", this.name, ex);
					}
					continue;
				}
				this.connections.add(connection);
				try {
					this.threads.execute(() -> serve(connection));
				}
				catch (RejectedExecutionException closing) {
					logger.debug("Fake SMS vendor {} is closing: connection dropped", this.name, closing);
					this.connections.remove(connection);
					closeQuietly(connection);
				}
			}
		});
	}

	private void serve(Socket connection) {
		try (connection) {
			connection.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
			InputStream in = new BufferedInputStream(connection.getInputStream());
			SmsApi.Request request = readRequest(in);
			if (request == null) {
				return;
			}
			long number = this.requests.incrementAndGet();
			switch (this.fault) {
				case NONE -> respond(connection, this.api.answer(request, this.name + "-" + number));
				case ERROR_500 -> respond(connection, this.api.internalError());
				// never answer: hold the connection until the client gives up and closes
				// it
				case TIMEOUT -> in.transferTo(OutputStream.nullOutputStream());
				// closing with SO_LINGER 0 sends a TCP RST instead of a FIN
				case RESET, DOWN -> connection.setSoLinger(true, 0);
			}
		}
		catch (IOException ex) {
			logger.debug("Fake SMS vendor {}: connection ended early", this.name, ex);
		}
		finally {
			this.connections.remove(connection);
		}
	}

	/**
	 * Reads one request, head and body (by length or chunked).
	 * @return the request, or {@code null} when the client closed the connection before
	 * sending anything
	 */
	private static SmsApi.Request readRequest(InputStream in) throws IOException {
		String requestLine = readLine(in);
		if (requestLine == null) {
			return null;
		}
		long length = 0;
		boolean chunked = false;
		Map<String, String> headers = new HashMap<>();
		for (String header = readLine(in); header != null && !header.isEmpty(); header = readLine(in)) {
			int colon = header.indexOf(':');
			String field = (colon > 0) ? header.substring(0, colon).trim().toLowerCase(Locale.ROOT) : "";
			String value = (colon > 0) ? header.substring(colon + 1).trim() : "";
			headers.put(field, value);
			if (field.equals("content-length")) {
				length = Long.parseLong(value);
			}
			else if (field.equals("transfer-encoding")) {
				chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
			}
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		if (chunked) {
			readChunkedBody(in, body);
		}
		else if (length > MAX_BODY_LENGTH) {
			throw new IOException("Body longer than " + MAX_BODY_LENGTH + " bytes");
		}
		else {
			body.write(in.readNBytes((int) length));
		}
		String[] parts = requestLine.split(" ");
		String target = (parts.length > 1) ? parts[1] : "";
		int query = target.indexOf('?');
		return new SmsApi.Request(parts[0], (query >= 0) ? target.substring(0, query) : target, Map.copyOf(headers),
				body.toByteArray());
	}

	private static void readChunkedBody(InputStream in, ByteArrayOutputStream body) throws IOException {
		for (long size = chunkSize(in); size > 0; size = chunkSize(in)) {
			if (body.size() + size > MAX_BODY_LENGTH) {
				throw new IOException("Body longer than " + MAX_BODY_LENGTH + " bytes");
			}
			body.write(in.readNBytes((int) size));
			readLine(in);
		}
		String trailer;
		do {
			trailer = readLine(in);
		}
		while (trailer != null && !trailer.isEmpty());
	}

	private static long chunkSize(InputStream in) throws IOException {
		String line = readLine(in);
		if (line == null) {
			throw new EOFException("Connection closed inside a chunked body");
		}
		int extension = line.indexOf(';');
		return Long.parseLong(((extension >= 0) ? line.substring(0, extension) : line).trim(), 16);
	}

	/** Reads a line without its CRLF; {@code null} at the end of the stream. */
	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b == -1) {
				if (line.length() == 0) {
					return null;
				}
				throw new EOFException("Connection closed inside a line");
			}
			if (line.length() == MAX_LINE_LENGTH) {
				throw new IOException("Line longer than " + MAX_LINE_LENGTH + " bytes");
			}
			line.append((char) b);
		}
		int end = line.length();
		return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
	}

	private static void respond(Socket connection, SmsApi.Answer answer) throws IOException {
		respond(connection, answer.status(), answer.body());
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

	private void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			logger.debug("Fake SMS vendor {}: close failed", this.name, ex);
		}
	}

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
	}

}
