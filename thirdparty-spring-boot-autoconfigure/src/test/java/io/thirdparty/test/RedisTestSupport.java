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
import java.util.Locale;
import java.util.UUID;

/**
 * Finds a Redis for tests, in this order: the address in {@code THIRDPARTY_TEST_REDIS}
 * ({@code host:port}); 127.0.0.1:6379 if it answers PING; a {@code redis-server} from the PATH
 * on a random port; else the binary shipped in the test-scoped
 * {@code com.github.codemonstur:embedded-redis} jar. Fails, never skips, when none can be had.
 * Tests share it with unique key prefixes and never flush it.
 */
public final class RedisTestSupport {

	private static final String HOW_TO_START = "No Redis for the tests: start one with `redis-server --port 6379` "
			+ "(Debian: apt-get install redis-server), or set THIRDPARTY_TEST_REDIS=host:port, or put redis-server "
			+ "on the PATH.";

	private static final Object LOCK = new Object();

	private static String[] shared;

	private RedisTestSupport() {
	}

	/**
	 * Returns the shared Redis, starting one if needed.
	 * @return host and port
	 */
	public static String[] sharedRedis() {
		synchronized (LOCK) {
			if (shared == null) {
				shared = find();
			}
			return shared.clone();
		}
	}

	/**
	 * Returns the properties that point Spring Data Redis at the shared Redis.
	 * @return {@code spring.data.redis.host} and {@code .port}
	 */
	public static String[] properties() {
		String[] redis = sharedRedis();
		return new String[] { "spring.data.redis.host=" + redis[0], "spring.data.redis.port=" + redis[1] };
	}

	/**
	 * Returns a key prefix no other test uses.
	 * @return the prefix, ending with a colon
	 */
	public static String uniquePrefix() {
		return "thirdparty-test-" + UUID.randomUUID() + ":";
	}

	/**
	 * Starts a Redis of the test's own, which it may kill.
	 * @return the running server
	 */
	public static RedisServerProcess ownServer() {
		Path executable = onPath();
		if (executable == null) {
			executable = embeddedBinary();
		}
		return RedisServerProcess.start(executable);
	}

	/**
	 * Returns whether a Redis answers PING at an address.
	 * @param host the host
	 * @param port the port
	 * @return {@code true} when it does
	 */
	public static boolean answersPing(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 500);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] answer = new byte[5];
			int read = in.readNBytes(answer, 0, 5);
			return read == 5 && "+PONG".equals(new String(answer, StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String[] find() {
		String configured = System.getenv("THIRDPARTY_TEST_REDIS");
		if (configured != null && !configured.isBlank()) {
			String[] hostPort = configured.trim().split(":");
			if (hostPort.length != 2 || !answersPing(hostPort[0], Integer.parseInt(hostPort[1]))) {
				throw new IllegalStateException("THIRDPARTY_TEST_REDIS=" + configured + " does not answer PING. "
						+ HOW_TO_START);
			}
			return hostPort;
		}
		if (answersPing("127.0.0.1", 6379)) {
			return new String[] { "127.0.0.1", "6379" };
		}
		RedisServerProcess server = ownServer();
		Runtime.getRuntime().addShutdownHook(new Thread(server::kill, "redis-test-server-stop"));
		return new String[] { server.host(), String.valueOf(server.port()) };
	}

	private static Path onPath() {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String directory : path.split(File.pathSeparator)) {
			Path candidate = Path.of(directory, "redis-server");
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	private static Path embeddedBinary() {
		String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
		String resource;
		if (os.contains("linux")) {
			resource = arch.contains("aarch64") || arch.contains("arm64") ? "redis-server-6.2.7-linux-arm64"
					: "redis-server-6.2.6-v5-linux-amd64";
		}
		else if (os.contains("mac")) {
			resource = arch.contains("aarch64") ? "redis-server-6.2.6-v5-darwin-arm64"
					: "redis-server-6.2.6-v5-darwin-amd64";
		}
		else {
			throw new IllegalStateException(HOW_TO_START);
		}
		try (InputStream in = RedisTestSupport.class.getResourceAsStream("/" + resource)) {
			if (in == null) {
				throw new IllegalStateException("embedded-redis has no " + resource + ". " + HOW_TO_START);
			}
			Path binary = Files.createTempFile("redis-server-", "");
			Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
			if (!binary.toFile().setExecutable(true)) {
				throw new IllegalStateException("Cannot make " + binary + " executable. " + HOW_TO_START);
			}
			binary.toFile().deleteOnExit();
			return binary;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot extract " + resource + " from embedded-redis. " + HOW_TO_START, ex);
		}
	}

}
