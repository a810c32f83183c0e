package io.thirdparty.sample.vendor;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The API of {@code provider_b}, in the style of Twilio's: {@code POST /2024-01/Messages}
 * with a form body {@code To=...&Body=...}, signed: {@code X-Timestamp} (epoch seconds)
 * and
 * {@code Authorization: HMAC-SHA256 <hex of HMAC-SHA256(secret, timestamp + "\n" + body)>}.
 * It answers {@code 201 {"sid":"...","status":"queued"}}, and errors with an HTTP status
 * and {@code {"error_code":21211,"error_message":"..."}}.
 */
public final class HmacFormSmsApi implements SmsApi {

	private static final String HMAC = "HmacSHA256";

	private static final String SCHEME = "HMAC-SHA256 ";

	private final String secret;

	/**
	 * Creates the API.
	 * @param secret the secret requests are signed with
	 */
	public HmacFormSmsApi(String secret) {
		this.secret = secret;
	}

	@Override
	public Answer answer(Request request, String messageId) {
		if (!"POST".equals(request.method()) || !"/2024-01/Messages".equals(request.path())) {
			return new Answer("404 Not Found", error(20404, "The requested resource was not found"));
		}
		if (!signed(request)) {
			return new Answer("401 Unauthorized", error(20003, "Authenticate: the signature is missing or wrong"));
		}
		Map<String, String> form = form(request.text());
		if (!PHONE.matcher(form.getOrDefault("To", "")).matches()) {
			return new Answer("400 Bad Request", error(21211, "The 'To' number is not a valid phone number"));
		}
		return new Answer("201 Created", "{\"sid\":\"" + messageId + "\",\"status\":\"queued\"}");
	}

	@Override
	public Answer internalError() {
		return new Answer("500 Internal Server Error", error(20500, "Internal Server Error"));
	}

	/**
	 * Returns the {@code Authorization} value of a request.
	 * @param secret the shared secret
	 * @param timestamp the {@code X-Timestamp} value
	 * @param body the form body as sent
	 * @return {@code HMAC-SHA256 <hex signature>}
	 */
	public static String authorization(String secret, String timestamp, String body) {
		try {
			Mac mac = Mac.getInstance(HMAC);
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
			byte[] signature = mac.doFinal((timestamp + "\n" + body).getBytes(StandardCharsets.UTF_8));
			return SCHEME + HexFormat.of().formatHex(signature);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private boolean signed(Request request) {
		String timestamp = request.header("x-timestamp");
		String authorization = request.header("authorization");
		if (timestamp == null || authorization == null) {
			return false;
		}
		byte[] expected = authorization(this.secret, timestamp, request.text()).getBytes(StandardCharsets.UTF_8);
		return MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8));
	}

	private static Map<String, String> form(String body) {
		Map<String, String> fields = new HashMap<>();
		for (String pair : body.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return fields;
	}

	private static String error(int code, String message) {
		return "{\"error_code\":" + code + ",\"error_message\":\"" + message + "\"}";
	}

}
