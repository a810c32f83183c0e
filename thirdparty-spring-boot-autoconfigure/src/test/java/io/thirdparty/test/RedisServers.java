package io.thirdparty.test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

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
 * {@code THIRDPARTY_TEST_REDIS} environment variable, 127.0.0.1:6379 when it answers PING, or a
 * {@code redis-server} from the PATH started on a random port for this JVM. Without any, tests
 * fail with a message saying how to start one; they never skip.
 * <p>
 * Tests share the server, so each uses keys under its own {@link #uniquePrefix prefix} and
 * deletes them afterwards with {@link #deleteKeys}; nothing flushes the server.
 */
public final class RedisServers {

	/** Environment variable naming the Redis to use, as {@code host:port}. */
	public static final String ENV = "THIRDPARTY_TEST_REDIS";

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
	 * Returns a key prefix no other test uses, with a hash tag so that every key of it lands in
	 * one Redis Cluster slot.
	 * @param test a name for the test
	 * @return the prefix, e.g. {@code thirdparty-test:{queued-1a2b3c4d}:}
	 */
	public static String uniquePrefix(String test) {
		return "thirdparty-test:{" + test + "-" + UUID.randomUUID().toString().substring(0, 8) + "}:";
	}

	/**
	 * Deletes every key under a prefix (with SCAN, never FLUSHALL).
	 * @param prefix the prefix
	 */
	public static void deleteKeys(String prefix) {
		try (RedisClient client = RedisClient.create(find().uri());
				StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> redis = connection.sync();
			ScanCursor cursor = ScanCursor.INITIAL;
			ScanArgs match = ScanArgs.Builder.matches(prefix.replace("[", "\\[") + "*").limit(500);
			do {
				KeyScanCursor<String> page = redis.scan(cursor, match);
				List<String> keys = page.getKeys();
				if (!keys.isEmpty()) {
					redis.del(keys.toArray(String[]::new));
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
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 500);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = in.readNBytes(5);
			return "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static Address locate() {
		String configured = System.getenv(ENV);
		if (configured != null && !configured.isBlank()) {
			int colon = configured.lastIndexOf(':');
			Address address = new Address(configured.substring(0, colon), Integer.parseInt(configured.substring(colon + 1)));
			if (!ping(address.host(), address.port())) {
				throw new IllegalStateException(ENV + "=" + configured + " but no Redis answers PING there");
			}
			return address;
		}
		if (ping("127.0.0.1", 6379)) {
			return new Address("127.0.0.1", 6379);
		}
		String server = onPath("redis-server");
		if (server != null) {
			return start(server);
		}
		throw new IllegalStateException("These tests need a Redis server and found none: nothing answers PING on "
				+ "127.0.0.1:6379 and there is no redis-server on the PATH. Start one with "
				+ "`redis-server --port 6379 --save \"\" --appendonly no` (Debian/Ubuntu: apt-get install redis-server), "
				+ "or set " + ENV + "=host:port to use another.");
	}

	private static Address start(String server) {
		int port = freePort();
		try {
			Process process = new ProcessBuilder(server, "--port", Integer.toString(port), "--bind", "127.0.0.1",
					"--save", "", "--appendonly", "no")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "redis-server-stop"));
			await("redis-server on port " + port).atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> !process.isAlive() || ping("127.0.0.1", port));
			if (!process.isAlive()) {
				throw new IllegalStateException(server + " exited at once (exit code " + process.exitValue() + ")");
			}
			return new Address("127.0.0.1", port);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start " + server, ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String onPath(String name) {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String dir : path.split(File.pathSeparator)) {
			File candidate = new File(dir, name);
			if (candidate.canExecute()) {
				return candidate.getPath();
			}
		}
		return null;
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

	/** Holds the address, found on first use. */
	private static final class Found {

		static final Address ADDRESS = locate();

	}

}
