package io.thirdparty.callback;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Works out whether a request's client used HTTPS and what its address is. The direct peer
 * is believed; the {@code Forwarded} header (RFC 7239), or else {@code X-Forwarded-Proto} and
 * {@code X-Forwarded-For}, are believed only when the direct peer is a trusted proxy:
 * <ul>
 * <li>the scheme is the right-most {@code proto} (the one the trusted peer wrote; a client
 * can only add values to the left);</li>
 * <li>the address is the right-most {@code for} that is not itself a trusted proxy.</li>
 * </ul>
 */
public class RequestOrigins {

	private static final int MAX_FORWARDED_VALUES = 32;

	private final List<AddressBlock> trustedProxies;

	/**
	 * Creates a resolver.
	 * @param trustedProxies the proxies whose forwarding headers are believed
	 */
	public RequestOrigins(List<AddressBlock> trustedProxies) {
		this.trustedProxies = List.copyOf(trustedProxies);
	}

	/**
	 * Works out a request's origin.
	 * @param request the request
	 * @return its origin
	 */
	public RequestOrigin resolve(HttpServletRequest request) {
		String peer = request.getRemoteAddr();
		InetAddress peerAddress = AddressBlock.literal(peer);
		if (peerAddress == null || !isTrusted(peerAddress)) {
			return new RequestOrigin(request.isSecure(), normalise(peer, peerAddress), peerAddress);
		}
		List<String> protos = new ArrayList<>();
		List<String> fors = new ArrayList<>();
		List<String> forwarded = values(request, "Forwarded");
		if (!forwarded.isEmpty()) {
			for (String element : forwarded) {
				String proto = null;
				String forValue = null;
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
						forValue = value;
					}
				}
				if (proto != null) {
					protos.add(proto);
				}
				if (forValue != null) {
					fors.add(forValue);
				}
			}
		}
		else {
			protos.addAll(values(request, "X-Forwarded-Proto"));
			fors.addAll(values(request, "X-Forwarded-For"));
		}
		boolean secure = request.isSecure()
				|| (!protos.isEmpty() && protos.get(protos.size() - 1).equalsIgnoreCase("https"));
		for (int i = fors.size() - 1; i >= 0; i--) {
			String host = stripPort(fors.get(i));
			InetAddress address = AddressBlock.literal(host);
			if (address == null || !isTrusted(address) || i == 0) {
				return new RequestOrigin(secure, normalise(host, address), address);
			}
		}
		return new RequestOrigin(secure, normalise(peer, peerAddress), peerAddress);
	}

	private boolean isTrusted(InetAddress address) {
		for (AddressBlock block : this.trustedProxies) {
			if (block.contains(address)) {
				return true;
			}
		}
		return false;
	}

	/** Every comma-separated value of every occurrence of a header, in order, at most 32. */
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
		return (values.size() > MAX_FORWARDED_VALUES) ? values.subList(values.size() - MAX_FORWARDED_VALUES, values.size())
				: values;
	}

	private static String unquote(String value) {
		return (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\""))
				? value.substring(1, value.length() - 1) : value;
	}

	/** Drops a port: {@code [2001:db8::1]:4711} and {@code 192.0.2.1:80}; a bare IPv6 keeps its colons. */
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

}
