package io.thirdparty.sample.payment;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyCallback;
import io.thirdparty.sample.payment.PaymentStore.PaymentStatus;

/**
 * {@code GET /payments/{paymentId}} shows a payment; {@code POST
 * /callbacks/pay/{provider}} is where the payment vendor calls back. The starter verifies
 * each callback (signature with the provider's {@code callback.secret}, timestamp, nonce)
 * before the method runs: a refused one is answered by the starter and never reaches it.
 */
@RestController
class PaymentController {

	private final PaymentStore payments;

	PaymentController(PaymentStore payments) {
		this.payments = payments;
	}

	@GetMapping("/payments/{paymentId}")
	PaymentStatus payment(@PathVariable String paymentId) {
		return this.payments.find(paymentId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No payment '" + paymentId + "'"));
	}

	@ThirdPartyCallback(service = "pay")
	@PostMapping("/callbacks/pay/{provider}")
	ResponseEntity<Void> paymentDone(@RequestBody PaymentResult result,
			@RequestAttribute(ThirdPartyCallback.PROVIDER_ATTRIBUTE) Provider provider) {
		this.payments.callback(result.paymentId(), result.status(), provider.name());
		return ResponseEntity.noContent().build();
	}

	/** What the vendor's callback says. */
	record PaymentResult(String paymentId, String status) {
	}

}
