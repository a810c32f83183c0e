package io.thirdparty.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An HMAC key with its algorithm, signing messages made of parts joined by {@code '\n'}.
 * Immutable and thread-safe; its {@link #toString()} does not show the key.
 */
public final class Hmac {

	private static final byte SEPARATOR = '\n';

	private final SecretKeySpec key;

	/**
	 * Creates a key.
	 * @param algorithm the JCA name of the algorithm, e.g. {@code HmacSHA256}
	 * @param secret the shared secret; its UTF-8 bytes are the key
	 * @throws IllegalArgumentException when the algorithm is not available or the secret
	 * is empty
	 */
	public Hmac(String algorithm, String secret) {
		if (!isAvailable(algorithm)) {
			throw new IllegalArgumentException("HMAC algorithm '" + algorithm + "' is not available");
		}
		if (secret == null || secret.isEmpty()) {
			throw new IllegalArgumentException("An HMAC secret cannot be empty");
		}
		this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm);
	}

	/**
	 * Returns whether this JVM offers an HMAC algorithm.
	 * @param algorithm the JCA name, e.g. {@code HmacSHA256}
	 * @return {@code true} when {@link Mac#getInstance(String)} knows it
	 */
	public static boolean isAvailable(String algorithm) {
		if (algorithm == null || algorithm.isBlank()) {
			return false;
		}
		try {
			Mac.getInstance(algorithm);
			return true;
		}
		catch (NoSuchAlgorithmException ex) {
			return false;
		}
	}

	/**
	 * Signs the parts, joined by {@code '\n'}.
	 * @param parts the parts of the message
	 * @return the signature
	 */
	public byte[] sign(byte[]... parts) {
		Mac mac = newMac();
		for (int i = 0; i < parts.length; i++) {
			if (i > 0) {
				mac.update(SEPARATOR);
			}
			mac.update(parts[i]);
		}
		return mac.doFinal();
	}

	/**
	 * Returns whether a signature is the one of the parts, comparing in constant time.
	 * @param signature the signature received
	 * @param parts the parts of the message
	 * @return {@code true} when it matches
	 */
	public boolean verify(byte[] signature, byte[]... parts) {
		return MessageDigest.isEqual(sign(parts), signature);
	}

	private Mac newMac() {
		try {
			Mac mac = Mac.getInstance(this.key.getAlgorithm());
			mac.init(this.key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot initialise " + this.key.getAlgorithm(), ex);
		}
	}

	@Override
	public String toString() {
		return "Hmac[" + this.key.getAlgorithm() + "]";
	}

}
