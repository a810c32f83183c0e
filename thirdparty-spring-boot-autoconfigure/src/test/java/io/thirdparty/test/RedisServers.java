package io.thirdparty.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Finds the Redis server the tests use: the {@code host:port} in the environment variable
 * {@code THIRDPARTY_TEST_REDIS}, else 127.0.0.1:6379 when it answers PING. Fails, never skips,
 * when neither answers, saying how to start one.
 */
public final class RedisServers {

	/** Environment variable that names the Redis of the tests. */
	public static final String ENVIRONMENT_VARIABLE = "THIRDPARTY_TEST_REDIS";

	private RedisServers() {
	}

	/**
	 * Returns the address of a Redis that answers.
	 * @return the address
	 * @throws IllegalStateException when no Redis answers
	 */
	public static Address require() {
		String configured = System.getenv(ENVIRONMENT_VARIABLE);
		Address address = (configured != null && !configured.isBlank()) ? Address.parse(configured.trim())
				: new Address("127.0.0.1", 6379);
		if (!answers(address)) {
			throw new IllegalStateException("No Redis answers PING at " + address + " (from "
					+ ((configured != null) ? ENVIRONMENT_VARIABLE : "the default 127.0.0.1:6379")
					+ "). Start one with `redis-server --port 6379 --save '' --appendonly no --daemonize yes` "
					+ "(Debian: apt-get install redis-server), or set " + ENVIRONMENT_VARIABLE + "=host:port.");
		}
		return address;
	}

	/**
	 * Returns whether a Redis answers PING at an address within a second.
	 * @param address the address
	 * @return {@code true} when it answers +PONG
	 */
	public static boolean answers(Address address) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(address.host(), address.port()), 1000);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = in.readNBytes(5);
			return new String(reply, StandardCharsets.US_ASCII).equals("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * A Redis address.
	 *
	 * @param host the host
	 * @param port the port
	 */
	public record Address(String host, int port) {

		static Address parse(String text) {
			int colon = text.lastIndexOf(':');
			if (colon < 0) {
				return new Address(text, 6379);
			}
			return new Address(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
		}

		/**
		 * Returns Spring Boot's properties that point at this Redis.
		 * @return {@code spring.data.redis.host} and {@code .port}
		 */
		public String[] properties() {
			return new String[] { "spring.data.redis.host=" + this.host, "spring.data.redis.port=" + this.port };
		}

		@Override
		public String toString() {
			return this.host + ":" + this.port;
		}

	}

}
