package io.thirdparty.sample.vendor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port of 127.0.0.1 that a fake vendor keeps for its whole life, listening or not.
 * <p>
 * A socket bound to the port but never listening holds it: while the vendor has no
 * listening socket, connections are refused (a TCP RST, as from a crashed vendor), and no
 * other server can take the port before the vendor listens again. The holder binds alone
 * and only then allows the vendor's own listening sockets to share the port
 * ({@code SO_REUSEPORT}), so no socket of another process can join it. Where
 * {@code SO_REUSEPORT} is missing the holder lets the port go at the first
 * {@link #listen}.
 */
public final class HeldPort implements AutoCloseable {

	/**
	 * First port tried for a vendor without a fixed port; the range stays below 32768.
	 */
	private static final int FREE_PORTS_FROM = 20000;

	private static final int FREE_PORTS_COUNT = 12000;

	private final String owner;

	private final SocketChannel holder;

	private final int port;

	private HeldPort(String owner, SocketChannel holder) throws IOException {
		this.owner = owner;
		this.holder = holder;
		this.port = ((InetSocketAddress) holder.getLocalAddress()).getPort();
	}

	/**
	 * Takes a port and holds it.
	 * @param owner the vendor that keeps it, for error messages
	 * @param port the port, or {@code 0} for a free one below the kernel's ephemeral
	 * range (so that no outgoing connection is ever given it either)
	 * @return the held port
	 * @throws UncheckedIOException when the port is taken (or, for {@code 0}, no free one
	 * is found)
	 */
	public static HeldPort claim(String owner, int port) {
		if (port != 0) {
			return bind(owner, port);
		}
		UncheckedIOException last = null;
		for (int i = 0; i < 100; i++) {
			try {
				return bind(owner, FREE_PORTS_FROM + ThreadLocalRandom.current().nextInt(FREE_PORTS_COUNT));
			}
			catch (UncheckedIOException taken) {
				last = taken;
			}
		}
		throw last;
	}

	public int port() {
		return this.port;
	}

	/**
	 * Listens on the port. Close the returned socket to stop listening; the port stays
	 * held.
	 * @param backlog the listening socket's backlog
	 * @return the listening socket
	 * @throws UncheckedIOException when the port cannot be listened on
	 */
	public ServerSocket listen(int backlog) {
		try {
			ServerSocket listening = new ServerSocket();
			if (shared()) {
				listening.setOption(StandardSocketOptions.SO_REUSEPORT, true);
			}
			else {
				this.holder.close();
			}
			listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), backlog);
			return listening;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(this.owner + " could not listen on 127.0.0.1:" + this.port, ex);
		}
	}

	/** Lets the port go. */
	@Override
	public void close() {
		try {
			this.holder.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(this.owner + " could not let port " + this.port + " go", ex);
		}
	}

	private boolean shared() {
		return this.holder.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
	}

	private static HeldPort bind(String owner, int port) {
		SocketChannel holder = null;
		try {
			holder = SocketChannel.open();
			holder.setOption(StandardSocketOptions.SO_REUSEADDR, false);
			holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			if (holder.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
				holder.setOption(StandardSocketOptions.SO_REUSEPORT, true);
			}
			return new HeldPort(owner, holder);
		}
		catch (IOException ex) {
			UncheckedIOException failure = new UncheckedIOException(owner + " could not take port 127.0.0.1:" + port,
					ex);
			if (holder != null) {
				try {
					holder.close();
				}
				catch (IOException closing) {
					failure.addSuppressed(closing);
				}
			}
			throw failure;
		}
	}

}
