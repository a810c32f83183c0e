package io.thirdparty.signing;

import java.util.Base64;
import java.util.HexFormat;

/**
 * How an HMAC signature is written in a header.
 */
public enum SignatureEncoding {

	/** Lower-case hexadecimal; either case is accepted when reading. */
	HEX {

		@Override
		public String encode(byte[] signature) {
			return HexFormat.of().formatHex(signature);
		}

		@Override
		public byte[] decode(String value) {
			if (value.length() % 2 != 0 || !value.chars().allMatch(SignatureEncoding::isHexDigit)) {
				return null;
			}
			return HexFormat.of().parseHex(value);
		}

	},

	/** Standard Base64 with padding (RFC 4648 section 4). */
	BASE64 {

		@Override
		public String encode(byte[] signature) {
			return Base64.getEncoder().encodeToString(signature);
		}

		@Override
		public byte[] decode(String value) {
			if (value.length() % 4 != 0 || !value.chars().allMatch(SignatureEncoding::isBase64Char)) {
				return null;
			}
			int padding = value.endsWith("==") ? 2 : value.endsWith("=") ? 1 : 0;
			if (value.indexOf('=') >= 0 && value.indexOf('=') < value.length() - padding) {
				return null;
			}
			return Base64.getDecoder().decode(value);
		}

	};

	/**
	 * Writes a signature.
	 * @param signature the signature bytes
	 * @return the text for the header
	 */
	public abstract String encode(byte[] signature);

	/**
	 * Reads a signature from a header.
	 * @param value the header's value
	 * @return the signature bytes, or {@code null} when the value is not in this encoding
	 */
	public abstract byte[] decode(String value);

	private static boolean isHexDigit(int c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	private static boolean isBase64Char(int c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
				|| c == '=';
	}

}
