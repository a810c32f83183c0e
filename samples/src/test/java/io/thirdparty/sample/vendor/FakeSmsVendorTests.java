package io.thirdparty.sample.vendor;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The fake vendor's faults are real network behaviour.
 */
class FakeSmsVendorTests {

	private final FakeSmsVendor vendor = FakeSmsVendor.start("provider_a", 0, new KeyJsonSmsApi("key-a"));

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(30))
		.build();

	@AfterEach
	void stop() {
		this.vendor.close();
	}

	@Test
	void healthyVendorAnswersWithAMessageIdAndCountsTheRequest() throws Exception {
		HttpResponse<String> response = send(Duration.ofSeconds(30));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"code\":\"OK\",\"bizId\":\"provider_a-1\"}");
		assertThat(this.vendor.requests()).isEqualTo(1);
	}

	@Test
	void wrongApiKeyIsRefusedInTheVendorsErrorFormat() throws Exception {
		HttpResponse<String> response = send(Duration.ofSeconds(5), "wrong", "{\"phoneNumber\":\"+4915112345678\"}");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).contains("\"code\":\"InvalidAccessKeyId\"");
	}

	@Test
	void invalidNumberIsABusinessErrorInA200Answer() throws Exception {
		HttpResponse<String> response = send(Duration.ofSeconds(5), "key-a",
				"{\"phoneNumber\":\"12\",\"content\":\"x\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"code\":\"isv.MOBILE_NUMBER_ILLEGAL\"");
	}

	@Test
	void formVendorTakesOnlyRequestsSignedWithItsSecret() throws Exception {
		try (FakeSmsVendor formVendor = FakeSmsVendor.start("provider_b", 0, new HmacFormSmsApi("secret-b"))) {
			String body = "To=%2B4915112345678&Body=hello";
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(formVendor.url() + "/2024-01/Messages"))
				.timeout(Duration.ofSeconds(5))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("X-Timestamp", "1700000000")
				.POST(HttpRequest.BodyPublishers.ofString(body));
			HttpResponse<String> signed = this.client.send(request.copy()
				.header("Authorization", HmacFormSmsApi.authorization("secret-b", "1700000000", body))
				.build(), HttpResponse.BodyHandlers.ofString());
			HttpResponse<String> wrong = this.client.send(request.copy()
				.header("Authorization", HmacFormSmsApi.authorization("other", "1700000000", body))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(signed.statusCode()).isEqualTo(201);
			assertThat(signed.body()).isEqualTo("{\"sid\":\"provider_b-1\",\"status\":\"queued\"}");
			assertThat(wrong.statusCode()).isEqualTo(401);
			assertThat(wrong.body()).contains("\"error_code\":20003");
		}
	}

	@Test
	void error500AnswersInternalServerError() throws Exception {
		this.vendor.apply(Fault.ERROR_500);
		assertThat(send(Duration.ofSeconds(30)).statusCode()).isEqualTo(500);
	}

	@Test
	void timeoutLeavesTheRequestUnanswered() {
		this.vendor.apply(Fault.TIMEOUT);
		// long enough for a loaded machine to send the request; the vendor counts it when
		// read
		assertThatExceptionOfType(HttpTimeoutException.class).isThrownBy(() -> send(Duration.ofSeconds(3)));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.vendor.requests() == 1);
	}

	@Test
	void resetDropsTheConnectionWithoutAnAnswer() {
		this.vendor.apply(Fault.RESET);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> send(Duration.ofSeconds(30)))
			.isNotInstanceOf(HttpTimeoutException.class);
		assertThat(this.vendor.requests()).isEqualTo(1);
	}

	@Test
	void downRefusesConnections() {
		this.vendor.apply(Fault.DOWN);
		assertThat(this.vendor.isListening()).isFalse();
		for (int i = 0; i < 20; i++) {
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> send(Duration.ofSeconds(30)));
		}
	}

	@Test
	void downKeepsThePortFromEveryoneElse() {
		this.vendor.apply(Fault.DOWN);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
			try (ServerSocket other = new ServerSocket()) {
				other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.vendor.port()));
			}
		});
	}

	@Test
	void healingADownVendorListensAgainOnTheSamePort() throws Exception {
		int port = this.vendor.port();
		this.vendor.apply(Fault.DOWN);
		this.vendor.apply(Fault.NONE);
		assertThat(this.vendor.port()).isEqualTo(port);
		assertThat(send(Duration.ofSeconds(30)).statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> send(Duration timeout) throws IOException, InterruptedException {
		return send(timeout, "key-a", "{\"phoneNumber\":\"+4915112345678\",\"content\":\"hello\"}");
	}

	private HttpResponse<String> send(Duration timeout, String apiKey, String body)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.vendor.url() + "/v2/sms/messages"))
			.timeout(timeout)
			.header("Content-Type", "application/json")
			.header("X-Api-Key", apiKey)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
