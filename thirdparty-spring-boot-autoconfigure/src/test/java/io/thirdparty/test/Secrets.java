package io.thirdparty.test;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Random credentials for tests, so that none is ever written in the code.
 */
public final class Secrets {

	private static final SecureRandom RANDOM = new SecureRandom();

	private Secrets() {
	}

	/**
	 * Returns a new random secret.
	 * @return 64 hexadecimal characters
	 */
	public static String random() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

}
