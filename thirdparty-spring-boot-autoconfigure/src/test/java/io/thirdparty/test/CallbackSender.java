package io.thirdparty.test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends callbacks to an application over real HTTP, the way a vendor does, and signs them
 * the way the documentation says: HMAC-SHA256 of
 * {@code timestamp + "\n" + nonce + "\n" + body}, written independently of the starter's
 * own code.
 */
public final class CallbackSender {

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final String base;

	/**
	 * Creates a sender.
	 * @param port the application's port on 127.0.0.1
	 */
	public CallbackSender(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	/**
	 * Returns the headers of a correctly signed callback, as if sent through an HTTPS
	 * proxy.
	 * @param secret the provider's secret
	 * @param body the body
	 * @param timestamp the signing time
	 * @param nonce the nonce
	 * @return the headers
	 */
	public static Map<String, String> signed(String secret, byte[] body, Instant timestamp, String nonce) {
		String seconds = Long.toString(timestamp.getEpochSecond());
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("X-Forwarded-Proto", "https");
		headers.put("X-Callback-Timestamp", seconds);
		headers.put("X-Callback-Nonce", nonce);
		headers.put("X-Callback-Signature", HexFormat.of().formatHex(hmac(secret, seconds, nonce, body)));
		return headers;
	}

	/**
	 * Returns the headers of a correctly signed callback signed now with a new nonce.
	 * @param secret the provider's secret
	 * @param body the body
	 * @return the headers
	 */
	public static Map<String, String> signed(String secret, byte[] body) {
		return signed(secret, body, Instant.now(), UUID.randomUUID().toString());
	}

	/**
	 * Computes the HMAC-SHA256 of timestamp, nonce and body joined by {@code '\n'}.
	 * @param secret the secret
	 * @param timestamp the timestamp text
	 * @param nonce the nonce
	 * @param body the body
	 * @return the signature
	 */
	public static byte[] hmac(String secret, String timestamp, String nonce, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			mac.update((timestamp + "\n" + nonce + "\n").getBytes(StandardCharsets.UTF_8));
			return mac.doFinal(body);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Posts a JSON body.
	 * @param path the path
	 * @param body the body
	 * @param headers the headers
	 * @return the answer
	 */
	public Answer post(String path, byte[] body, Map<String, String> headers) {
		return send(path, "application/json", BodyPublishers.ofByteArray(body), headers);
	}

	/**
	 * Posts a body of unknown length, sent chunked.
	 * @param path the path
	 * @param body the body
	 * @param headers the headers
	 * @return the answer
	 */
	public Answer postChunked(String path, byte[] body, Map<String, String> headers) {
		return send(path, "application/json", BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)),
				headers);
	}

	/**
	 * Posts a body with a content type.
	 * @param path the path
	 * @param contentType the content type
	 * @param body the body
	 * @param headers the headers
	 * @return the answer
	 */
	public Answer post(String path, String contentType, byte[] body, Map<String, String> headers) {
		return send(path, contentType, BodyPublishers.ofByteArray(body), headers);
	}

	private Answer send(String path, String contentType, BodyPublisher body, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", contentType)
			.POST(body);
		headers.forEach(request::header);
		try {
			HttpResponse<String> response = this.client.send(request.build(), BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Callback to " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The application's answer.
	 *
	 * @param status the HTTP status
	 * @param contentType the {@code Content-Type}, empty when there is none
	 * @param body the body
	 */
	public record Answer(int status, String contentType, String body) {

		/**
		 * Returns whether the answer is a refusal with the given status and error code: a
		 * problem of type {@code urn:thirdparty:problem:<error>} with its {@code reason}.
		 * @param expectedStatus the status
		 * @param error the error code
		 * @return {@code true} when it is
		 */
		public boolean isRefusal(int expectedStatus, String error) {
			return this.status == expectedStatus && this.contentType.startsWith("application/problem+json")
					&& this.body.contains("\"type\":\"urn:thirdparty:problem:" + error + "\"")
					&& this.body.contains("\"error\":\"" + error + "\"") && this.body.contains("\"reason\":");
		}

	}

}
