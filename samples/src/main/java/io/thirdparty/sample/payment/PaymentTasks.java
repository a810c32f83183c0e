package io.thirdparty.sample.payment;

import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyContext;
import io.thirdparty.ThirdPartyTask;
import io.thirdparty.signing.ThirdPartyRestClients;

/**
 * Task type {@code payment} of the task API: {@code POST /third-party/tasks} with
 * {@code {"taskType":"payment","params":{"orderId":...,"amount":...,"currency":...}}}
 * starts one, and a queue worker runs {@link #pay}. The vendor call goes through the
 * pipeline of service {@code pay}; the {@link RestClient} comes from
 * {@link ThirdPartyRestClients}, so each request is HMAC-signed with the provider's
 * {@code auth.secret}. The vendor accepts the payment, and calls back
 * {@code /callbacks/pay/{provider}} when it is paid. A payment is not idempotent (the
 * task's default, and said on the call): a request that may have reached the vendor is
 * never sent again.
 */
@Component
public class PaymentTasks {

	private final RestClient rest;

	private final Environment environment;

	private final PaymentStore payments;

	public PaymentTasks(ThirdPartyRestClients clients, Environment environment, PaymentStore payments) {
		this.rest = clients.builder().build();
		this.environment = environment;
		this.payments = payments;
	}

	/**
	 * Starts a payment at the vendor.
	 * @param payment the payment; its params bind to this record
	 * @return the receipt, which becomes the task's result
	 */
	@ThirdPartyTask("payment")
	@ThirdPartyCall(service = "pay", idempotent = false)
	public Receipt pay(Payment payment) {
		Provider vendor = ThirdPartyContext.provider();
		String callbackUrl = "http://127.0.0.1:" + this.environment.getRequiredProperty("local.server.port")
				+ "/callbacks/pay/" + vendor.name();
		VendorPayment accepted = this.rest.post()
			.uri(vendor.url() + "/payments")
			.header("Idempotency-Key", ThirdPartyContext.idempotencyKey())
			.contentType(MediaType.APPLICATION_JSON)
			.body(new VendorRequest(payment.orderId(), payment.amount(), payment.currency(), callbackUrl))
			.retrieve()
			.body(VendorPayment.class);
		if (accepted == null || accepted.paymentId() == null) {
			throw new IllegalStateException("Vendor " + vendor.id() + " answered without a payment id");
		}
		this.payments.started(accepted.paymentId(), payment.orderId());
		return new Receipt(payment.orderId(), accepted.paymentId(), vendor.name(), accepted.status());
	}

	/**
	 * A payment to start.
	 *
	 * @param orderId the application's order
	 * @param amount the amount, in minor units
	 * @param currency the ISO 4217 currency code
	 */
	public record Payment(String orderId, long amount, String currency) {
	}

	/**
	 * What the task returns.
	 *
	 * @param orderId the order
	 * @param paymentId the vendor's payment id
	 * @param vendor the provider that accepted it
	 * @param status the vendor's status when it accepted it
	 */
	public record Receipt(String orderId, String paymentId, String vendor, String status) {
	}

	/**
	 * What the vendor's API takes; it calls {@code callbackUrl} back when the payment is
	 * paid.
	 */
	record VendorRequest(String orderId, long amount, String currency, String callbackUrl) {
	}

	/** What the vendor's API answers. */
	record VendorPayment(String paymentId, String status) {
	}

}
