package io.thirdparty.callback;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A block of IP addresses written as a literal address ({@code 203.0.113.7}, {@code ::1})
 * or in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}). Parsing and matching
 * never resolve host names.
 */
public final class AddressBlock {

	private static final Pattern IPV4 = Pattern
		.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	private final byte[] network;

	private final int prefixLength;

	private final String text;

	private AddressBlock(byte[] network, int prefixLength, String text) {
		this.network = network;
		this.prefixLength = prefixLength;
		this.text = text;
	}

	/**
	 * Parses a block.
	 * @param text a literal address or CIDR block
	 * @return the block
	 * @throws IllegalArgumentException when the text is neither
	 */
	public static AddressBlock parse(String text) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("an address or CIDR block cannot be empty");
		}
		String trimmed = text.trim();
		int slash = trimmed.indexOf('/');
		String address = (slash >= 0) ? trimmed.substring(0, slash) : trimmed;
		InetAddress parsed = literal(address);
		if (parsed == null) {
			throw new IllegalArgumentException(
					"'" + text + "' is not an IPv4 or IPv6 address (host names are not allowed)");
		}
		byte[] bytes = parsed.getAddress();
		int bits = bytes.length * 8;
		int prefix = bits;
		if (slash >= 0) {
			try {
				prefix = Integer.parseInt(trimmed.substring(slash + 1));
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("'" + text + "' has a malformed prefix length", ex);
			}
			if (prefix < 0 || prefix > bits) {
				throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bits);
			}
		}
		return new AddressBlock(mask(bytes, prefix), prefix, trimmed);
	}

	/**
	 * Reads a literal IPv4 or IPv6 address, never looking up a host name.
	 * @param text the text, e.g. from a header; IPv6 may be in brackets
	 * @return the address, or {@code null} when the text is not a literal address
	 */
	public static InetAddress literal(String text) {
		if (text == null) {
			return null;
		}
		String candidate = text.trim();
		if (candidate.startsWith("[") && candidate.endsWith("]")) {
			candidate = candidate.substring(1, candidate.length() - 1);
		}
		if (candidate.isEmpty() || candidate.length() > 45
				|| !(IPV4.matcher(candidate).matches() || IPV6.matcher(candidate).matches())) {
			return null;
		}
		try {
			// a literal: getByName parses it without any lookup
			return InetAddress.getByName(candidate);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	/**
	 * Returns whether an address lies in this block.
	 * @param address the address
	 * @return {@code true} when it does; an IPv4 address never lies in an IPv6 block nor
	 * the other way round
	 */
	public boolean contains(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length != this.network.length) {
			return false;
		}
		byte[] masked = mask(bytes, this.prefixLength);
		return java.util.Arrays.equals(masked, this.network);
	}

	private static byte[] mask(byte[] address, int prefix) {
		byte[] masked = address.clone();
		for (int i = 0; i < masked.length; i++) {
			int keep = Math.max(0, Math.min(8, prefix - i * 8));
			masked[i] = (byte) (masked[i] & (0xFF << (8 - keep)));
		}
		return masked;
	}

	@Override
	public String toString() {
		return this.text;
	}

}
