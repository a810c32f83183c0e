package io.thirdparty.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import io.thirdparty.resilience.ProviderGuard;
import io.thirdparty.resilience.ProviderGuards;
import io.thirdparty.sample.sms.SmsReceipt;
import io.thirdparty.sample.vendor.Fault;
import io.thirdparty.sample.vendor.FakeSmsVendor;
import io.thirdparty.sample.vendor.FakeSmsVendors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample over real HTTP: {@code POST /sms} through the starter to the fake vendors,
 * which fail for real when told to.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private FakeSmsVendors vendors;

	@Autowired
	private ProviderGuards guards;

	private RestTestClient client;

	private FakeSmsVendor providerA;

	private FakeSmsVendor providerB;

	@BeforeEach
	void healthyVendorsAndClosedBreakers() {
		this.client = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		this.providerA = this.vendors.find("provider_a").orElseThrow();
		this.providerB = this.vendors.find("provider_b").orElseThrow();
		this.vendors.all().forEach((vendor) -> vendor.apply(Fault.NONE));
		this.guards.all().forEach(ProviderGuard::resetBreaker);
	}

	@Test
	void smsIsDeliveredAndBothVendorsGetTraffic() {
		long a = this.providerA.requests();
		long b = this.providerB.requests();
		List<SmsReceipt> receipts = send(20);
		assertThat(receipts).allSatisfy((receipt) -> {
			assertThat(receipt.status()).isEqualTo("delivered");
			assertThat(receipt.attempt()).isEqualTo(1);
		});
		assertThat(receipts).extracting(SmsReceipt::vendor).contains("provider_a", "provider_b");
		assertThat(this.providerA.requests() - a).isPositive();
		assertThat(this.providerB.requests() - b).isPositive();
		assertThat((this.providerA.requests() - a) + (this.providerB.requests() - b)).isEqualTo(20);
	}

	@Test
	void withProviderAAnswering500EverySmsIsDeliveredByProviderB() {
		this.providerA.apply(Fault.ERROR_500);
		long a = this.providerA.requests();
		long b = this.providerB.requests();
		List<SmsReceipt> receipts = send(20);
		assertThat(receipts).allSatisfy((receipt) -> {
			assertThat(receipt.status()).isEqualTo("delivered");
			assertThat(receipt.vendor()).isEqualTo("provider_b");
		});
		assertThat(this.providerB.requests() - b).isEqualTo(20);
		// minimum-calls 5 at 100% failures opens provider_a's breaker: it gets no more
		// traffic
		assertThat(this.providerA.requests() - a).isEqualTo(5);
	}

	@Test
	void withBothVendorsDownTheFallbackQueuesTheSms() {
		this.providerA.apply(Fault.DOWN);
		this.providerB.apply(Fault.DOWN);
		this.client.post()
			.uri("/sms")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("phone", "+4915112345678", "text", "hello"))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("queued")
			.jsonPath("$.failures[0]")
			.value((failure) -> assertThat(failure.toString()).contains("ConnectException")
				.contains("could not connect to http://127.0.0.1:" + this.providerB.port()));
	}

	@Test
	void numberRefusedByAVendorIsUnprocessableAndNotRetriedOnTheOtherVendor() {
		long a = this.providerA.requests();
		long b = this.providerB.requests();
		this.client.post()
			.uri("/sms")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("phone", "12", "text", "hello"))
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).containsAnyOf("isv.MOBILE_NUMBER_ILLEGAL", "21211"));
		assertThat((this.providerA.requests() - a) + (this.providerB.requests() - b)).isEqualTo(1);
	}

	@Test
	void smsWithoutPhoneIsABadRequestWithAJsonReason() {
		this.client.post()
			.uri("/sms")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("text", "hello"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("phone is required");
	}

	@Test
	void unknownFaultTypeIsABadRequestNamingTheTypes() {
		this.client.post()
			.uri("/vendors/provider_a/fault?type=slow")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Unknown fault type 'slow'; use one of none, 500, timeout, reset, down");
	}

	@Test
	void unknownVendorIsNotFound() {
		this.client.post()
			.uri("/vendors/provider_c/fault?type=500")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("No vendor named 'provider_c'; the vendors are provider_a, provider_b");
	}

	@Test
	void faultEndpointTakesAVendorDownAndVendorsShowsIt() {
		this.client.post()
			.uri("/vendors/provider_b/fault?type=down")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.fault")
			.isEqualTo("down")
			.jsonPath("$.listening")
			.isEqualTo(false);
		this.client.get()
			.uri("/vendors")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].name")
			.isEqualTo("provider_a")
			.jsonPath("$[0].listening")
			.isEqualTo(true)
			.jsonPath("$[1].name")
			.isEqualTo("provider_b")
			.jsonPath("$[1].listening")
			.isEqualTo(false);
	}

	@Test
	void switchoverThroughTheThirdpartyEndpointWhoseWritesTheSampleTurnsOn() {
		this.client.post()
			.uri("/actuator/thirdparty/sms/provider_b")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("action", "force"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.forced")
			.isEqualTo("provider_b");
		try {
			assertThat(send(5)).extracting(SmsReceipt::vendor).containsOnly("provider_b");
		}
		finally {
			this.client.post()
				.uri("/actuator/thirdparty/sms")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("action", "release"))
				.exchange()
				.expectStatus()
				.isOk();
		}
	}

	@Test
	void healthShowsTheVendorsAndNoDiscoveryTheSampleDoesNotUse() {
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.thirdParty.components.sms.status")
			.isEqualTo("UP")
			.jsonPath("$.components.discoveryComposite")
			.doesNotExist();
	}

	private List<SmsReceipt> send(int count) {
		List<SmsReceipt> receipts = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			receipts.add(this.client.post()
				.uri("/sms")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("phone", "+4915112345678", "text", "hello " + i))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(SmsReceipt.class)
				.returnResult()
				.getResponseBody());
		}
		return receipts;
	}

}
