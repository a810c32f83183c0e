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

	private final FakeSmsVendor vendor = FakeSmsVendor.start("provider_a", 0);

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
		assertThat(response.body()).isEqualTo("{\"vendor\":\"provider_a\",\"messageId\":\"provider_a-1\"}");
		assertThat(this.vendor.requests()).isEqualTo(1);
	}

	@Test
	void error500AnswersInternalServerError() throws Exception {
		this.vendor.apply(Fault.ERROR_500);
		assertThat(send(Duration.ofSeconds(30)).statusCode()).isEqualTo(500);
	}

	@Test
	void timeoutLeavesTheRequestUnanswered() {
		this.vendor.apply(Fault.TIMEOUT);
		// long enough for a loaded machine to send the request; the vendor counts it when read
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
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.vendor.url() + "/send"))
			.timeout(timeout)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"+4915112345678\",\"text\":\"hello\"}"))
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
