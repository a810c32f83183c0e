package io.thirdparty.sample;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import io.thirdparty.sample.payment.PaymentStore;
import io.thirdparty.sample.vendor.FakePayVendor;
import io.thirdparty.sample.vendor.FakeSmsVendor;
import io.thirdparty.sample.vendor.FakeSmsVendors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's queued notification, payment task and signed vendor callback, over real
 * HTTP, with random shared secrets: the in-memory task queue, the task API, the fake
 * payment vendor verifying the signed requests and calling back signed, and the starter
 * refusing a forged callback.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class QueueAndCallbackSampleTests {

	private static final String CALLBACK_SECRET = randomSecret();

	private static final Duration TASK_TIMEOUT = Duration.ofSeconds(20);

	@DynamicPropertySource
	static void secrets(DynamicPropertyRegistry registry) {
		String apiSecret = randomSecret();
		registry.add("sample.fakepay.api-secret", () -> apiSecret);
		registry.add("sample.fakepay.callback-secret", () -> CALLBACK_SECRET);
	}

	@LocalServerPort
	private int port;

	@Autowired
	private FakeSmsVendors smsVendors;

	@Autowired
	private FakePayVendor payVendor;

	@Autowired
	private PaymentStore payments;

	private RestTestClient client;

	@BeforeEach
	void client() {
		this.client = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@Test
	void queuedNotificationIsDeliveredOnceEvenWhenQueuedTwice() {
		long before = smsRequests();
		String notification = "{\"id\":\"n-" + UUID.randomUUID() + "\",\"to\":\"+4915112345678\",\"text\":\"hello\"}";
		String taskId = (String) post("/notifications", notification, 202).get("taskId");
		assertThat(post("/notifications", notification, 202)).containsEntry("taskId", taskId);
		// the result is what the vendor's adapter returned: the vendor's id of the
		// message
		assertThat(awaitTask(taskId, "SUCCESS").get("result").toString()).matches("provider_[ab]-\\d+");
		assertThat(smsRequests() - before).isEqualTo(1);
	}

	@Test
	void paymentTaskIsProcessingThenSucceedsWithTheVendorsPaymentId() {
		long before = this.payVendor.payments();
		Map<String, Object> started = post("/third-party/tasks", payment("o-1"), 202);
		assertThat(started).containsEntry("status", "PROCESSING");
		Map<String, Object> done = awaitTask((String) started.get("taskId"), "SUCCESS");
		assertThat(done.get("result")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("orderId", "o-1")
			.containsEntry("vendor", "fakepay")
			.containsEntry("status", "ACCEPTED")
			.containsKey("paymentId");
		assertThat(this.payVendor.payments() - before).isEqualTo(1);
		assertThat(this.payVendor.refused()).isZero();
	}

	@Test
	void vendorsSignedCallbackMarksThePaymentPaid() {
		Map<String, Object> started = post("/third-party/tasks", payment("o-2"), 202);
		Map<?, ?> receipt = (Map<?, ?>) awaitTask((String) started.get("taskId"), "SUCCESS").get("result");
		String paymentId = (String) receipt.get("paymentId");
		await().atMost(TASK_TIMEOUT)
			.untilAsserted(() -> assertThat(get("/payments/" + paymentId, 200)).containsEntry("status", "PAID")
				.containsEntry("confirmedBy", "fakepay")
				.containsEntry("orderId", "o-2"));
	}

	@Test
	void callbackSignedWithTheSecretIsAcceptedOnce() {
		String body = "{\"paymentId\":\"p-signed\",\"status\":\"PAID\"}";
		String timestamp = Long.toString(Instant.now().getEpochSecond());
		String nonce = UUID.randomUUID().toString();
		String signature = sign(CALLBACK_SECRET, timestamp, nonce, body);
		callback(body, timestamp, nonce, signature).expectStatus().isNoContent();
		assertThat(get("/payments/p-signed", 200)).containsEntry("status", "PAID");
		callback(body, timestamp, nonce, signature).expectStatus().isEqualTo(409);
	}

	@Test
	void forgedCallbackIsRefusedWith401AndNeverReachesTheController() {
		long reached = this.payments.callbacks();
		String body = "{\"paymentId\":\"p-forged\",\"status\":\"PAID\"}";
		String timestamp = Long.toString(Instant.now().getEpochSecond());
		String nonce = UUID.randomUUID().toString();
		callback(body, timestamp, nonce, sign("not-the-secret", timestamp, nonce, body)).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid-signature");
		assertThat(this.payments.callbacks()).isEqualTo(reached);
		get("/payments/p-forged", 404);
	}

	@Test
	void paymentVendorRefusesAnUnsignedRequest() {
		long refused = this.payVendor.refused();
		RestTestClient.bindToServer()
			.baseUrl(this.payVendor.url())
			.build()
			.post()
			.uri("/payments")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"orderId\":\"o-3\",\"amount\":1,\"currency\":\"EUR\",\"callbackUrl\":\"http://127.0.0.1:1/\"}")
			.exchange()
			.expectStatus()
			.isUnauthorized();
		assertThat(this.payVendor.refused()).isEqualTo(refused + 1);
	}

	private long smsRequests() {
		return this.smsVendors.all().stream().mapToLong(FakeSmsVendor::requests).sum();
	}

	private static String payment(String orderId) {
		return "{\"taskType\":\"payment\",\"params\":{\"orderId\":\"" + orderId
				+ "\",\"amount\":1999,\"currency\":\"EUR\"}}";
	}

	private Map<String, Object> awaitTask(String taskId, String status) {
		return await().atMost(TASK_TIMEOUT)
			.until(() -> get("/third-party/tasks/" + taskId, 200), (task) -> status.equals(task.get("status")));
	}

	private Map<String, Object> post(String path, String json, int status) {
		return this.client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	private Map<String, Object> get(String path, int status) {
		return this.client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	private RestTestClient.ResponseSpec callback(String body, String timestamp, String nonce, String signature) {
		return this.client.post()
			.uri("/callbacks/pay/fakepay")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Callback-Timestamp", timestamp)
			.header("X-Callback-Nonce", nonce)
			.header("X-Callback-Signature", signature)
			.body(body)
			.exchange();
	}

	private static String sign(String secret, String timestamp, String nonce, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			mac.update((timestamp + "\n" + nonce + "\n").getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String randomSecret() {
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		return HexFormat.of().formatHex(secret);
	}

}
