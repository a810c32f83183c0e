package io.thirdparty.sample.vendor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * A fake payment vendor: a small HTTP server on 127.0.0.1 that takes
 * {@code POST /payments} signed with the shared API secret, and calls the payment's
 * {@code callbackUrl} back once the payment is paid, signed with the shared callback
 * secret — what a real payment vendor does.
 * <ul>
 * <li>Requests: {@code X-Signature} must be the hex HMAC-SHA256, with the API secret, of
 * {@code X-Timestamp + "\n" + X-Nonce + "\n" + method + "\n" + path + "\n" + body};
 * otherwise {@code 401}. An {@code Idempotency-Key} seen before answers the same payment
 * again.</li>
 * <li>Callbacks: {@code {"paymentId":"p-…","status":"PAID"}} with
 * {@code X-Callback-Timestamp}, {@code X-Callback-Nonce} and {@code X-Callback-Signature}
 * = hex HMAC-SHA256, with the callback secret, of
 * {@code timestamp + "\n" + nonce + "\n" + body}.</li>
 * </ul>
 */
public final class FakePayVendor implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(FakePayVendor.class);

	private static final String HMAC = "HmacSHA256";

	private final HttpServer server;

	private final ScheduledExecutorService threads;

	private final HttpClient client;

	private final JsonMapper json = JsonMapper.builder().build();

	private final String apiSecret;

	private final String callbackSecret;

	private final Duration payDelay;

	private final Map<String, String> paymentsByKey = new ConcurrentHashMap<>();

	private final AtomicLong payments = new AtomicLong();

	private final AtomicLong refused = new AtomicLong();

	private FakePayVendor(HttpServer server, String apiSecret, String callbackSecret, Duration payDelay) {
		this.server = server;
		this.apiSecret = apiSecret;
		this.callbackSecret = callbackSecret;
		this.payDelay = payDelay;
		CustomizableThreadFactory factory = new CustomizableThreadFactory("vendor-fakepay-");
		factory.setDaemon(true);
		this.threads = Executors.newScheduledThreadPool(2, factory);
		this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		server.setExecutor(this.threads);
		server.createContext("/payments", this::payments);
		server.start();
	}

	/**
	 * Starts the vendor on 127.0.0.1.
	 * @param port the port, or {@code 0} for a free one
	 * @param apiSecret the secret the application signs its requests with
	 * @param callbackSecret the secret the vendor signs its callbacks with
	 * @param payDelay how long after accepting a payment the vendor calls back
	 * @return the listening vendor
	 */
	public static FakePayVendor start(int port, String apiSecret, String callbackSecret, Duration payDelay) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
			FakePayVendor vendor = new FakePayVendor(server, apiSecret, callbackSecret, payDelay);
			logger.info("Fake payment vendor fakepay listening on {}", vendor.url());
			return vendor;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Fake payment vendor could not listen on 127.0.0.1:" + port, ex);
		}
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * Returns the vendor's base URL.
	 * @return {@code http://127.0.0.1:<port>}
	 */
	public String url() {
		return "http://127.0.0.1:" + port();
	}

	/**
	 * Returns the number of payments accepted, not counting repeats of an idempotency
	 * key.
	 * @return the count
	 */
	public long payments() {
		return this.payments.get();
	}

	/**
	 * Returns the number of requests refused for a missing or wrong signature.
	 * @return the count
	 */
	public long refused() {
		return this.refused.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.threads.shutdownNow();
	}

	private void payments(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			if (!"POST".equals(exchange.getRequestMethod())
					|| !"/payments".equals(exchange.getRequestURI().getRawPath())) {
				respond(exchange, 404, "{\"error\":\"not-found\"}");
				return;
			}
			if (!signedRequest(exchange, body)) {
				this.refused.incrementAndGet();
				respond(exchange, 401, "{\"error\":\"invalid-signature\"}");
				return;
			}
			JsonNode request = this.json.readTree(body);
			String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
			String fresh = "p-" + UUID.randomUUID().toString().substring(0, 8);
			String paymentId = (key != null) ? this.paymentsByKey.computeIfAbsent(key, (k) -> fresh) : fresh;
			if (paymentId.equals(fresh)) {
				this.payments.incrementAndGet();
				String callbackUrl = request.path("callbackUrl").asString();
				this.threads.schedule(() -> callBack(callbackUrl, paymentId), this.payDelay.toMillis(),
						TimeUnit.MILLISECONDS);
				logger.info("Fake payment vendor accepted payment {} for order {}", paymentId,
						request.path("orderId").asString());
			}
			respond(exchange, 202, "{\"paymentId\":\"" + paymentId + "\",\"status\":\"ACCEPTED\"}");
		}
	}

	private boolean signedRequest(HttpExchange exchange, byte[] body) {
		String timestamp = exchange.getRequestHeaders().getFirst("X-Timestamp");
		String nonce = exchange.getRequestHeaders().getFirst("X-Nonce");
		String signature = exchange.getRequestHeaders().getFirst("X-Signature");
		if (timestamp == null || nonce == null || signature == null) {
			return false;
		}
		String head = timestamp + "\n" + nonce + "\n" + exchange.getRequestMethod() + "\n"
				+ exchange.getRequestURI().getRawPath() + "\n";
		String expected = HexFormat.of().formatHex(hmac(this.apiSecret, head, body));
		return MessageDigest.isEqual(utf8(expected), utf8(signature.toLowerCase(Locale.ROOT)));
	}

	private void callBack(String callbackUrl, String paymentId) {
		byte[] body = utf8("{\"paymentId\":\"" + paymentId + "\",\"status\":\"PAID\"}");
		String timestamp = Long.toString(Instant.now().getEpochSecond());
		String nonce = UUID.randomUUID().toString();
		String signature = HexFormat.of().formatHex(hmac(this.callbackSecret, timestamp + "\n" + nonce + "\n", body));
		HttpRequest callback = HttpRequest.newBuilder(URI.create(callbackUrl))
			.timeout(Duration.ofSeconds(5))
			.header("Content-Type", "application/json")
			.header("X-Callback-Timestamp", timestamp)
			.header("X-Callback-Nonce", nonce)
			.header("X-Callback-Signature", signature)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		try {
			HttpResponse<String> answer = this.client.send(callback, HttpResponse.BodyHandlers.ofString());
			logger.info("Fake payment vendor called back {} for payment {}: {}", callbackUrl, paymentId,
					answer.statusCode());
		}
		catch (IOException ex) {
			logger.warn("Fake payment vendor could not call back {} for payment {}", callbackUrl, paymentId, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			logger.debug("Fake payment vendor stopped before calling back payment {}", paymentId, ex);
		}
	}

	private static byte[] hmac(String secret, String head, byte[] body) {
		try {
			Mac mac = Mac.getInstance(HMAC);
			mac.init(new SecretKeySpec(utf8(secret), HMAC));
			mac.update(utf8(head));
			return mac.doFinal(body);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] content = utf8(body);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, content.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(content);
		}
	}

}
