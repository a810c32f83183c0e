package io.thirdparty.sample.price;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The fake price vendor over real HTTP, down and up on a port that stays its own.
 */
class FakePriceVendorTests {

	private final FakePriceVendor vendor = FakePriceVendor.start(0, Duration.ZERO);

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(30))
		.build();

	@AfterEach
	void stop() {
		this.vendor.close();
	}

	@Test
	void quotesNumberedJsonPrices() throws Exception {
		HttpResponse<String> response = get("tea-42");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("{\"sku\":\"tea-42\",\"amount\":").contains("\"quote\":1,");
		assertThat(this.vendor.quotes()).isEqualTo(1);
	}

	@Test
	void downRefusesConnections() {
		this.vendor.down();
		assertThat(this.vendor.isUp()).isFalse();
		for (int i = 0; i < 20; i++) {
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> get("tea-42"));
		}
	}

	@Test
	void downKeepsThePortFromEveryoneElse() {
		this.vendor.down();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
			try (ServerSocket other = new ServerSocket()) {
				other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.vendor.port()));
			}
		});
	}

	@Test
	void upAnswersAgainOnTheSamePort() throws Exception {
		int port = this.vendor.port();
		this.vendor.down();
		this.vendor.up();
		assertThat(this.vendor.port()).isEqualTo(port);
		assertThat(get("tea-42").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(String sku) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.vendor.port() + "/prices/" + sku))
			.timeout(Duration.ofSeconds(30))
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
