package io.thirdparty.callback;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which forwarding headers are believed, and which of their values.
 */
class RequestOriginsTests {

	private final RequestOrigins origins = new RequestOrigins(
			List.of(AddressBlock.parse("10.0.0.0/8"), AddressBlock.parse("::1")));

	private static MockHttpServletRequest from(String peer) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/callbacks/pay");
		request.setRemoteAddr(peer);
		return request;
	}

	@Test
	void headersOfAnUntrustedPeerAreIgnored() {
		MockHttpServletRequest request = from("198.51.100.9");
		request.addHeader("X-Forwarded-Proto", "https");
		request.addHeader("X-Forwarded-For", "203.0.113.5");
		RequestOrigin origin = this.origins.resolve(request);
		assertThat(origin.secure()).isFalse();
		assertThat(origin.address()).isEqualTo("198.51.100.9");
	}

	@Test
	void trustedProxySaysHttpsAndWhoTheClientIs() {
		MockHttpServletRequest request = from("10.1.2.3");
		request.addHeader("X-Forwarded-Proto", "https");
		request.addHeader("X-Forwarded-For", "203.0.113.5");
		RequestOrigin origin = this.origins.resolve(request);
		assertThat(origin.secure()).isTrue();
		assertThat(origin.address()).isEqualTo("203.0.113.5");
	}

	@Test
	void valuesAClientPutInFrontOfTheProxysAreIgnored() {
		MockHttpServletRequest request = from("10.1.2.3");
		request.addHeader("X-Forwarded-Proto", "https, http");
		request.addHeader("X-Forwarded-For", "192.0.2.1, 203.0.113.5");
		RequestOrigin origin = this.origins.resolve(request);
		assertThat(origin.secure()).isFalse();
		assertThat(origin.address()).isEqualTo("203.0.113.5");
	}

	@Test
	void chainOfTrustedProxiesIsWalkedBackToTheClient() {
		MockHttpServletRequest request = from("10.1.2.3");
		request.addHeader("X-Forwarded-Proto", "https");
		request.addHeader("X-Forwarded-For", "203.0.113.5, 10.9.9.9");
		assertThat(this.origins.resolve(request).address()).isEqualTo("203.0.113.5");
	}

	@Test
	void forwardedHeaderIsReadWithQuotesPortsAndIpv6() {
		MockHttpServletRequest request = from("::1");
		request.addHeader("Forwarded", "for=192.0.2.60;proto=http, for=\"[2001:db8::17]:4711\";proto=https");
		RequestOrigin origin = this.origins.resolve(request);
		assertThat(origin.secure()).isTrue();
		assertThat(origin.address()).isEqualTo("2001:db8:0:0:0:0:0:17");
	}

	@Test
	void directHttpsIsSecureWithoutAnyHeader() {
		MockHttpServletRequest request = from("198.51.100.9");
		request.setSecure(true);
		assertThat(this.origins.resolve(request).secure()).isTrue();
	}

}
