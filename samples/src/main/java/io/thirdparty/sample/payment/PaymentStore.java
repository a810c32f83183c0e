package io.thirdparty.sample.payment;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/**
 * The sample's payments, in memory: started by the {@code payment} task, marked paid by
 * the vendor's verified callback.
 */
@Component
public class PaymentStore {

	private final Map<String, PaymentStatus> payments = new ConcurrentHashMap<>();

	private final AtomicLong callbacks = new AtomicLong();

	/**
	 * Records a payment the vendor accepted.
	 * @param paymentId the vendor's payment id
	 * @param orderId the order
	 */
	void started(String paymentId, String orderId) {
		this.payments.putIfAbsent(paymentId, new PaymentStatus(paymentId, orderId, "PENDING", null));
	}

	/**
	 * Records a verified callback.
	 * @param paymentId the vendor's payment id
	 * @param status the vendor's status
	 * @param vendor the provider that called back
	 */
	void callback(String paymentId, String status, String vendor) {
		this.callbacks.incrementAndGet();
		this.payments.compute(paymentId,
				(id, known) -> new PaymentStatus(id, (known != null) ? known.orderId() : null, status, vendor));
	}

	/**
	 * Returns a payment.
	 * @param paymentId the vendor's payment id
	 * @return the payment, or empty when unknown
	 */
	public Optional<PaymentStatus> find(String paymentId) {
		return Optional.ofNullable(this.payments.get(paymentId));
	}

	/**
	 * Returns how many callbacks reached the application's controller.
	 * @return the count
	 */
	public long callbacks() {
		return this.callbacks.get();
	}

	/**
	 * Where a payment stands.
	 *
	 * @param paymentId the vendor's payment id
	 * @param orderId the order, {@code null} for a payment the application never started
	 * @param status {@code PENDING} until the vendor calls back, then the vendor's status
	 * @param confirmedBy the provider whose verified callback set the status, or
	 * {@code null}
	 */
	public record PaymentStatus(String paymentId, String orderId, String status, String confirmedBy) {
	}

}
