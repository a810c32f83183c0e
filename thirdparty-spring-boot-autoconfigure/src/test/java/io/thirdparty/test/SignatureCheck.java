package io.thirdparty.test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.thirdparty.test.FakeVendor.Received;

/**
 * What a vendor does with a signed request, written independently of the starter:
 * recompute HMAC-SHA256 of {@code timestamp \n nonce \n METHOD \n path?query \n body}
 * with its own secret, compare it with {@code X-Signature}, and check the timestamp is
 * within 5 minutes.
 */
public final class SignatureCheck implements Predicate<Received> {

	private final String secret;

	private SignatureCheck(String secret) {
		this.secret = secret;
	}

	/**
	 * Returns the check of a vendor that holds a secret.
	 * @param secret the secret
	 * @return the check
	 */
	public static SignatureCheck withSecret(String secret) {
		return new SignatureCheck(secret);
	}

	@Override
	public boolean test(Received request) {
		String timestamp = request.header("X-Timestamp");
		String nonce = request.header("X-Nonce");
		String signature = request.header("X-Signature");
		if (timestamp == null || nonce == null || signature == null
				|| Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
			return false;
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			mac.update((timestamp + "\n" + nonce + "\n" + request.method() + "\n" + request.target() + "\n")
				.getBytes(StandardCharsets.UTF_8));
			byte[] expected = mac.doFinal(request.body());
			return MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature));
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			return false;
		}
	}

}
