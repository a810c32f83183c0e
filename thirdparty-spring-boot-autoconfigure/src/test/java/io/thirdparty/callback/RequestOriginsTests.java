package io.thirdparty.callback;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which forwarding headers are believed, and which of their values: only the kind chosen,
 * only from trusted proxies, and only what the trusted proxies appended.
 */
class RequestOriginsTests {

	private final RequestOrigins origins = origins("auto");

	private final RequestOrigins forwardedOrigins = origins("forwarded");

	private static RequestOrigins origins(String forwardHeaders) {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("third-party.callbacks.trusted-proxies[0]", "10.0.0.0/8")
			.withProperty("third-party.callbacks.trusted-proxies[1]", "::1")
			.withProperty("third-party.callbacks.forward-headers", forwardHeaders);
		return new RequestOrigins(new CallbackSettings(environment));
	}

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
		RequestOrigin origin = this.forwardedOrigins.resolve(request);
		assertThat(origin.secure()).isTrue();
		assertThat(origin.address()).isEqualTo("2001:db8:0:0:0:0:0:17");
	}

	@Test
	void directHttpsIsSecureWithoutAnyHeader() {
		MockHttpServletRequest request = from("198.51.100.9");
		request.setSecure(true);
		assertThat(this.origins.resolve(request).secure()).isTrue();
	}

	@Test
	void forwardedHeaderIsIgnoredWhenTheProxyWritesXForwarded() {
		MockHttpServletRequest request = from("10.1.2.3");
		request.addHeader("Forwarded", "for=203.0.113.7;proto=https");
		request.addHeader("X-Forwarded-For", "198.51.100.9");
		RequestOrigin origin = this.origins.resolve(request);
		assertThat(origin.secure()).isFalse();
		assertThat(origin.address()).isEqualTo("198.51.100.9");
	}

	@Test
	void xForwardedHeadersAreIgnoredWhenTheProxyWritesForwarded() {
		MockHttpServletRequest request = from("10.1.2.3");
		request.addHeader("X-Forwarded-Proto", "https");
		request.addHeader("X-Forwarded-For", "203.0.113.7");
		request.addHeader("Forwarded", "for=198.51.100.9");
		RequestOrigin origin = this.forwardedOrigins.resolve(request);
		assertThat(origin.secure()).isFalse();
		assertThat(origin.address()).isEqualTo("198.51.100.9");
	}

	@Test
	void protoAClientPutInItsOwnForwardedElementIsIgnored() {
		MockHttpServletRequest request = from("10.1.2.3");
		request.addHeader("Forwarded", "for=203.0.113.7;proto=https, for=198.51.100.9");
		RequestOrigin origin = this.forwardedOrigins.resolve(request);
		assertThat(origin.secure()).isFalse();
		assertThat(origin.address()).isEqualTo("198.51.100.9");
	}

	@Test
	void protoIsTheOneTheTrustedProxyNearestTheClientWrote() {
		MockHttpServletRequest request = from("10.1.2.3");
		request.addHeader("Forwarded", "for=198.51.100.9;proto=https, for=10.9.9.9;proto=http");
		RequestOrigin origin = this.forwardedOrigins.resolve(request);
		assertThat(origin.secure()).isTrue();
		assertThat(origin.address()).isEqualTo("198.51.100.9");
	}

	@Test
	void xForwardedProtoWithOneValuePerHopIsReadAtTheClientsHop() {
		MockHttpServletRequest request = from("10.1.2.3");
		request.addHeader("X-Forwarded-For", "203.0.113.7, 198.51.100.9, 10.9.9.9");
		request.addHeader("X-Forwarded-Proto", "https, http, https");
		RequestOrigin origin = this.origins.resolve(request);
		assertThat(origin.secure()).isFalse();
		assertThat(origin.address()).isEqualTo("198.51.100.9");
	}

	@Test
	void noneReadsNoForwardingHeader() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("third-party.callbacks.trusted-proxies[0]", "10.0.0.0/8")
			.withProperty("third-party.callbacks.forward-headers", "none");
		MockHttpServletRequest request = from("10.1.2.3");
		request.addHeader("X-Forwarded-Proto", "https");
		request.addHeader("X-Forwarded-For", "203.0.113.7");
		RequestOrigin origin = new RequestOrigins(new CallbackSettings(environment)).resolve(request);
		assertThat(origin.secure()).isFalse();
		assertThat(origin.address()).isEqualTo("10.1.2.3");
	}

}
