package io.thirdparty.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * A redis-server of a test's own, on 127.0.0.1 and a random port, without persistence, that the
 * test may kill and start again on the same port.
 */
public final class RedisServerProcess implements AutoCloseable {

	private final Path executable;

	private final int port;

	private Process process;

	private RedisServerProcess(Path executable, int port) {
		this.executable = executable;
		this.port = port;
	}

	/**
	 * Starts a server with the given redis-server binary on a free port.
	 * @param executable the binary
	 * @return the running server
	 */
	public static RedisServerProcess start(Path executable) {
		RedisServerProcess server = new RedisServerProcess(executable, freePort());
		server.start();
		return server;
	}

	public String host() {
		return "127.0.0.1";
	}

	public int port() {
		return this.port;
	}

	/** Starts the server (again) on its port and waits until it answers PING. */
	public synchronized void start() {
		try {
			this.process = new ProcessBuilder(List.of(this.executable.toString(), "--port", String.valueOf(this.port),
					"--bind", "127.0.0.1", "--save", "", "--appendonly", "no"))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start " + this.executable + " on port " + this.port, ex);
		}
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> RedisTestSupport.answersPing(host(), this.port));
	}

	/** Kills the server at once, as a crash would. */
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

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No free port", ex);
		}
	}

}
