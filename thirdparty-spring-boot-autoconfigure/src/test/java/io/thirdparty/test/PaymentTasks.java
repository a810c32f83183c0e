package io.thirdparty.test;

import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyContext;
import io.thirdparty.ThirdPartyTask;

/**
 * A task type {@code payment} whose vendor call (service {@code pay}) gets the whole
 * pipeline; like every payment it is not idempotent, so a request that may have reached
 * the vendor is not sent again.
 */
public class PaymentTasks {

	private final RestClient rest;

	public PaymentTasks() {
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build());
		factory.setReadTimeout(Duration.ofSeconds(10));
		this.rest = RestClient.builder().requestFactory(factory).build();
	}

	@ThirdPartyTask("payment")
	@ThirdPartyCall(service = "pay", idempotent = false)
	public Receipt pay(Payment payment) {
		Provider provider = ThirdPartyContext.provider();
		String vendor = this.rest.post()
			.uri(provider.url() + "/pay")
			.header("Idempotency-Key", ThirdPartyContext.idempotencyKey())
			.body(payment.orderId() + ":" + payment.amount())
			.retrieve()
			.body(String.class);
		return new Receipt(payment.orderId(), payment.amount(), vendor);
	}

	/**
	 * What to pay.
	 *
	 * @param orderId the order
	 * @param amount the amount, in cents
	 */
	public record Payment(String orderId, long amount) {
	}

	/**
	 * What the payment gave.
	 *
	 * @param orderId the order
	 * @param amount the amount, in cents
	 * @param vendor the vendor's answer
	 */
	public record Receipt(String orderId, long amount, String vendor) {
	}

}
