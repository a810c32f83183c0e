package io.thirdparty.test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import static org.awaitility.Awaitility.await;

/**
 * Finds a real Redis server for tests, in this order: the {@code host:port} in the
 * {@code THIRDPARTY_TEST_REDIS} environment variable, 127.0.0.1:6379 when it answers
 * PING, a {@code redis-server} from the PATH started on a random port for this JVM, else
 * the {@code redis-server} binary shipped inside the test-scoped
 * {@code com.github.codemonstur:embedded-redis} jar. When none can be had, tests fail
 * with a message saying how to start one; they never skip.
 * <p>
 * Tests share the server, so each uses keys under its own {@link #uniquePrefix prefix}
 * and deletes them afterwards with {@link #deleteKeys} (or {@link RedisKeys}); nothing
 * flushes the server. A test that stops Redis under a running application starts an
 * {@link #ownServer() own server} instead.
 */
public final class RedisServers {

	/** Environment variable naming the Redis to use, as {@code host:port}. */
	public static final String ENV = "THIRDPARTY_TEST_REDIS";

	private static final String HOW_TO_START = "Start one with `redis-server --port 6379 --save \"\" --appendonly no` "
			+ "(Debian/Ubuntu: apt-get install redis-server), or set " + ENV + "=host:port to use another.";

	/**
	 * Ports tried for an own server: below the kernel's ephemeral range, so no outgoing
	 * connection gets one.
	 */
	private static final int PORTS_FROM = 20000;

	private static final int PORTS_COUNT = 12000;

	private RedisServers() {
	}

	/**
	 * Returns the Redis the tests use, starting one if needed (once per JVM).
	 * @return its address
	 * @throws IllegalStateException when no Redis can be found or started
	 */
	public static Address find() {
		return Found.ADDRESS;
	}

	/**
	 * Starts a Redis of the test's own on 127.0.0.1 and a random port, which the test may
	 * kill and start again. Close it when the test ends.
	 * @return the running server
	 * @throws IllegalStateException when no redis-server can be had
	 */
	public static OwnServer ownServer() {
		return OwnServer.start(Binary.PATH);
	}

	/**
	 * Returns a key prefix no other test uses, with a hash tag so that every key of it
	 * lands in one Redis Cluster slot.
	 * @param test a name for the test
	 * @return the prefix, e.g. {@code thirdparty-test:{queued-1a2b3c4d}:}
	 */
	public static String uniquePrefix(String test) {
		return "thirdparty-test:{" + test + "-" + UUID.randomUUID().toString().substring(0, 8) + "}:";
	}

	/**
	 * Deletes every key under a prefix in the {@link #find() shared} Redis (with SCAN,
	 * never FLUSHALL).
	 * @param prefix the prefix
	 */
	public static void deleteKeys(String prefix) {
		deleteKeys(find(), prefix);
	}

	/**
	 * Deletes every key under a prefix (with SCAN, never FLUSHALL).
	 * @param redis where
	 * @param prefix the prefix
	 */
	public static void deleteKeys(Address redis, String prefix) {
		try (RedisClient client = RedisClient.create(redis.uri());
				StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> commands = connection.sync();
			ScanCursor cursor = ScanCursor.INITIAL;
			ScanArgs match = ScanArgs.Builder.matches(escapeGlob(prefix) + "*").limit(500);
			do {
				KeyScanCursor<String> page = commands.scan(cursor, match);
				List<String> keys = page.getKeys();
				if (!keys.isEmpty()) {
					commands.del(keys.toArray(String[]::new));
				}
				cursor = page;
			}
			while (!cursor.isFinished());
		}
	}

	/**
	 * Returns whether a Redis answers PING at an address.
	 * @param host the host
	 * @param port the port
	 * @return {@code true} when it answers {@code +PONG}
	 */
	public static boolean ping(String host, int port) {
		return "+PONG".equals(ask(host, port, "PING"));
	}

	/**
	 * Sends one inline command and returns the first line of the reply, {@code null} when
	 * none comes.
	 */
	private static String ask(String host, int port, String command) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 2000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			StringBuilder line = new StringBuilder();
			for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
				line.append((char) b);
			}
			String reply = line.toString().strip();
			if (reply.startsWith("$") && reply.length() > 1 && !reply.equals("$-1")) {
				return new String(in.readNBytes(Integer.parseInt(reply.substring(1))), StandardCharsets.US_ASCII);
			}
			return reply;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static String escapeGlob(String prefix) {
		return prefix.replace("\\", "\\\\").replace("[", "\\[").replace("*", "\\*").replace("?", "\\?");
	}

	private static Address locate() {
		String configured = System.getenv(ENV);
		if (configured != null && !configured.isBlank()) {
			int colon = configured.lastIndexOf(':');
			if (colon <= 0) {
				throw new IllegalStateException(ENV + "=" + configured + " is not host:port. " + HOW_TO_START);
			}
			Address address = new Address(configured.substring(0, colon).strip(),
					Integer.parseInt(configured.substring(colon + 1).strip()));
			if (!ping(address.host(), address.port())) {
				throw new IllegalStateException(
						ENV + "=" + configured + " but no Redis answers PING there. " + HOW_TO_START);
			}
			return address;
		}
		if (ping("127.0.0.1", 6379)) {
			return new Address("127.0.0.1", 6379);
		}
		OwnServer server = OwnServer.start(Binary.PATH);
		Runtime.getRuntime().addShutdownHook(new Thread(server::kill, "redis-server-stop"));
		return server.address();
	}

	/**
	 * Where a Redis server listens.
	 *
	 * @param host the host
	 * @param port the port
	 */
	public record Address(String host, int port) {

		/**
		 * Returns the Spring Boot properties that point {@code spring.data.redis} at it.
		 * @return the properties
		 */
		public String[] springProperties() {
			return new String[] { "spring.data.redis.host=" + this.host, "spring.data.redis.port=" + this.port };
		}

		RedisURI uri() {
			return RedisURI.create(this.host, this.port);
		}

	}

	/**
	 * A redis-server of a test's own, on 127.0.0.1 and a random port, without
	 * persistence, that the test may kill (as a crash would) and start again on the same
	 * port.
	 * <p>
	 * The port is chosen below the ephemeral range and proven ours: the server counts as
	 * started only when the Redis answering on the port reports this process's id, and a
	 * port taken by anyone else makes the start try another (at first start) or fail
	 * naming it (at a restart), never talk to someone else's server.
	 */
	public static final class OwnServer implements AutoCloseable {

		private final Path executable;

		private final int port;

		private Process process;

		private OwnServer(Path executable, int port) {
			this.executable = executable;
			this.port = port;
		}

		static OwnServer start(Path executable) {
			IllegalStateException last = null;
			for (int i = 0; i < 20; i++) {
				OwnServer server = new OwnServer(executable,
						PORTS_FROM + ThreadLocalRandom.current().nextInt(PORTS_COUNT));
				try {
					server.start();
					return server;
				}
				catch (IllegalStateException taken) {
					last = taken;
				}
			}
			throw last;
		}

		public String host() {
			return "127.0.0.1";
		}

		public int port() {
			return this.port;
		}

		/**
		 * Returns where the server listens.
		 * @return its address
		 */
		public Address address() {
			return new Address(host(), this.port);
		}

		/**
		 * Starts the server (again) on its port and waits until it answers as this
		 * process.
		 * @throws IllegalStateException when it cannot listen on the port (e.g. someone
		 * took it)
		 */
		public synchronized void start() {
			if (this.process != null) {
				return;
			}
			Process started;
			try {
				started = new ProcessBuilder(List.of(this.executable.toString(), "--port", String.valueOf(this.port),
						"--bind", "127.0.0.1", "--save", "", "--appendonly", "no"))
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start();
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not start " + this.executable + ". " + HOW_TO_START, ex);
			}
			String ours = "process_id:" + started.pid();
			await("redis-server on port " + this.port).atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> !started.isAlive()
						|| String.valueOf(ask(host(), this.port, "INFO server")).contains(ours));
			if (!started.isAlive()) {
				throw new IllegalStateException(this.executable + " could not listen on 127.0.0.1:" + this.port
						+ " (exit code " + started.exitValue() + "); is the port taken?");
			}
			this.process = started;
		}

		/** Kills the server at once, as a crash would; its data is gone. */
		public synchronized void kill() {
			if (this.process != null) {
				this.process.destroyForcibly();
				try {
					this.process.waitFor();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("Interrupted while killing redis-server", ex);
				}
				this.process = null;
			}
		}

		@Override
		public void close() {
			kill();
		}

	}

	/** Holds the address, found on first use. */
	private static final class Found {

		static final Address ADDRESS = locate();

	}

	/** Finds the redis-server binary on first use: the PATH's, else embedded-redis's. */
	private static final class Binary {

		static final Path PATH = onPath().orElseGet(Binary::embedded);

		private static Optional<Path> onPath() {
			String path = System.getenv("PATH");
			if (path == null) {
				return Optional.empty();
			}
			for (String directory : path.split(File.pathSeparator)) {
				Path candidate = Path.of(directory, "redis-server");
				if (Files.isExecutable(candidate)) {
					return Optional.of(candidate);
				}
			}
			return Optional.empty();
		}

		private static Path embedded() {
			String resource = embeddedResource();
			try (InputStream in = RedisServers.class.getResourceAsStream("/" + resource)) {
				if (in == null) {
					throw new IllegalStateException("These tests need a Redis server and found none: nothing answers "
							+ "PING on 127.0.0.1:6379, there is no redis-server on the PATH, and embedded-redis has no "
							+ resource + " on the test classpath. " + HOW_TO_START);
				}
				Path binary = Files.createTempFile("redis-server-", "");
				Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
				binary.toFile().deleteOnExit();
				if (!binary.toFile().setExecutable(true)) {
					throw new IllegalStateException("Cannot make " + binary + " executable. " + HOW_TO_START);
				}
				return binary;
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot extract " + resource + " from embedded-redis. " + HOW_TO_START,
						ex);
			}
		}

		private static String embeddedResource() {
			String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
			String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
			boolean arm = arch.contains("aarch64") || arch.contains("arm64");
			if (os.contains("linux")) {
				if (arm) {
					return "redis-server-6.2.7-linux-arm64";
				}
				return (arch.equals("x86") || arch.equals("i386")) ? "redis-server-6.2.7-linux-386"
						: "redis-server-6.2.6-v5-linux-amd64";
			}
			if (os.contains("mac")) {
				return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
			}
			if (os.contains("windows")) {
				return "redis-server-5.0.14.1-windows-amd64.exe";
			}
			throw new IllegalStateException(
					"embedded-redis ships no redis-server for " + os + "/" + arch + ". " + HOW_TO_START);
		}

	}

}
