package io.thirdparty.callback;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import io.thirdparty.callback.CallbackProperties.ForwardHeaders;

/**
 * Works out whether a request's client used HTTPS and what its address is. The direct
 * peer is believed; forwarding headers are read only when the direct peer is a trusted
 * proxy, and only the kind {@code third-party.callbacks.forward-headers} names: the RFC
 * 7239 {@code Forwarded} header or {@code X-Forwarded-For}/{@code X-Forwarded-Proto},
 * never both.
 * <p>
 * A client can only put values to the left of what the proxies append, so the chain is
 * walked from the right: each hop was written by the proxy that received the connection
 * from its {@code for} address; hops from trusted proxies are skipped, and the first
 * address that is not a trusted proxy is the client's. The scheme is the {@code proto}
 * written in that same hop, by the trusted proxy nearest the client; when that hop has
 * none, the connection's own. With {@code X-Forwarded-*}, whose two headers need not have
 * one value per hop, the scheme is the right-most {@code X-Forwarded-Proto} unless both
 * list one value per hop.
 */
public class RequestOrigins {

	private static final int MAX_FORWARDED_VALUES = 32;

	private final CallbackSettings settings;

	/**
	 * Creates a resolver.
	 * @param settings the callback settings, read on each request for the trusted proxies
	 * and the forwarding headers to read
	 */
	public RequestOrigins(CallbackSettings settings) {
		this.settings = settings;
	}

	/**
	 * Works out a request's origin.
	 * @param request the request
	 * @return its origin
	 */
	public RequestOrigin resolve(HttpServletRequest request) {
		CallbackSettings.Snapshot current = this.settings.current();
		String peer = request.getRemoteAddr();
		InetAddress peerAddress = AddressBlock.literal(peer);
		RequestOrigin direct = new RequestOrigin(request.isSecure(), normalise(peer, peerAddress), peerAddress);
		if (current.forwardHeaders() == ForwardHeaders.NONE || peerAddress == null
				|| !isTrusted(current.trustedProxies(), peerAddress)) {
			return direct;
		}
		List<Hop> hops = (current.forwardHeaders() == ForwardHeaders.FORWARDED) ? forwarded(request)
				: xForwarded(request);
		for (int i = hops.size() - 1; i >= 0; i--) {
			Hop hop = hops.get(i);
			InetAddress address = (hop.client() != null) ? AddressBlock.literal(hop.client()) : null;
			if (address == null || !isTrusted(current.trustedProxies(), address) || i == 0) {
				boolean secure = (hop.proto() != null) ? hop.proto().equalsIgnoreCase("https") : request.isSecure();
				if (hop.client() == null) {
					// the proxy said how, not who, the client connected: the proxy is the
					// source
					return new RequestOrigin(secure, direct.address(), peerAddress);
				}
				return new RequestOrigin(secure, normalise(hop.client(), address), address);
			}
		}
		return direct;
	}

	/**
	 * The elements of {@code Forwarded}, one per hop, each with its own {@code for} and
	 * {@code proto}.
	 */
	private static List<Hop> forwarded(HttpServletRequest request) {
		List<Hop> hops = new ArrayList<>();
		for (String element : values(request, "Forwarded")) {
			String proto = null;
			String client = null;
			for (String pair : element.split(";")) {
				int equals = pair.indexOf('=');
				if (equals <= 0) {
					continue;
				}
				String name = pair.substring(0, equals).trim().toLowerCase(Locale.ROOT);
				String value = unquote(pair.substring(equals + 1).trim());
				if (name.equals("proto")) {
					proto = value;
				}
				else if (name.equals("for")) {
					client = stripPort(value);
				}
			}
			hops.add(new Hop(client, proto));
		}
		return hops;
	}

	/**
	 * The hops of {@code X-Forwarded-For}, each with its {@code X-Forwarded-Proto} when
	 * that header lists one value per hop, else with the right-most one, written by the
	 * trusted peer.
	 */
	private static List<Hop> xForwarded(HttpServletRequest request) {
		List<String> fors = values(request, "X-Forwarded-For");
		List<String> protos = values(request, "X-Forwarded-Proto");
		String nearest = protos.isEmpty() ? null : protos.get(protos.size() - 1);
		if (fors.isEmpty()) {
			return List.of(new Hop(null, nearest));
		}
		List<Hop> hops = new ArrayList<>();
		for (int i = 0; i < fors.size(); i++) {
			hops.add(new Hop(stripPort(fors.get(i)), (protos.size() == fors.size()) ? protos.get(i) : nearest));
		}
		return hops;
	}

	private static boolean isTrusted(List<AddressBlock> trustedProxies, InetAddress address) {
		for (AddressBlock block : trustedProxies) {
			if (block.contains(address)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Every comma-separated value of every occurrence of a header, in order, at most 32.
	 */
	private static List<String> values(HttpServletRequest request, String header) {
		List<String> values = new ArrayList<>();
		Enumeration<String> lines = request.getHeaders(header);
		if (lines == null) {
			return values;
		}
		for (String line : Collections.list(lines)) {
			for (String value : line.split(",")) {
				if (!value.isBlank()) {
					values.add(value.trim());
				}
			}
		}
		return (values.size() > MAX_FORWARDED_VALUES)
				? values.subList(values.size() - MAX_FORWARDED_VALUES, values.size()) : values;
	}

	private static String unquote(String value) {
		return (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\""))
				? value.substring(1, value.length() - 1) : value;
	}

	/**
	 * Drops a port: {@code [2001:db8::1]:4711} and {@code 192.0.2.1:80}; a bare IPv6
	 * keeps its colons.
	 */
	private static String stripPort(String value) {
		if (value.startsWith("[")) {
			int close = value.indexOf(']');
			return (close > 0) ? value.substring(1, close) : value;
		}
		int colon = value.indexOf(':');
		if (colon > 0 && colon == value.lastIndexOf(':')) {
			return value.substring(0, colon);
		}
		return value;
	}

	private static String normalise(String raw, InetAddress address) {
		if (address != null) {
			return address.getHostAddress();
		}
		return (raw.length() > 64) ? raw.substring(0, 64) : raw;
	}

	/**
	 * One hop of a forwarding chain, as the proxy that received it wrote it.
	 *
	 * @param client the address the proxy received the connection from, without a port,
	 * or {@code null} when it did not say
	 * @param proto the scheme of that connection, or {@code null} when it did not say
	 */
	private record Hop(String client, String proto) {
	}

}
