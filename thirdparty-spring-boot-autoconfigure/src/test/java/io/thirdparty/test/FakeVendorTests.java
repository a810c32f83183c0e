package io.thirdparty.test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The test vendor's down and up: refused connections on a port that stays the vendor's.
 */
class FakeVendorTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor vendor = this.vendors.start("provider_a");

	@Test
	void downRefusesEveryConnectionAtOnce() {
		this.vendor.down();
		for (int i = 0; i < 50; i++) {
			assertThatExceptionOfType(ConnectException.class).isThrownBy(this::connect);
		}
	}

	@Test
	void downKeepsThePortFromEveryoneElse() {
		this.vendor.down();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
			try (ServerSocket other = new ServerSocket()) {
				other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()));
			}
		});
	}

	@Test
	void upAnswersAgainOnTheSamePort() throws Exception {
		String url = this.vendor.url();
		this.vendor.down();
		this.vendor.up();
		assertThat(this.vendor.url()).isEqualTo(url);
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url + "/x")).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).isEqualTo("{\"vendor\":\"provider_a\"}");
	}

	private void connect() throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 30_000);
		}
	}

	private int port() {
		return URI.create(this.vendor.url()).getPort();
	}

}
