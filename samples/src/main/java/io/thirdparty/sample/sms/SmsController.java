package io.thirdparty.sample.sms;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.thirdparty.VendorException;

/**
 * {@code POST /sms}: sends a message; answers 200 when a vendor delivered it, 202 when it
 * was queued because none could, 422 when a vendor refused it (an invalid number).
 */
@RestController
class SmsController {

	private final SmsGateway sms;

	SmsController(SmsGateway sms) {
		this.sms = sms;
	}

	@PostMapping("/sms")
	ResponseEntity<SmsReceipt> send(@RequestBody SmsRequest sms) {
		if (!StringUtils.hasText(sms.phone())) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "phone is required");
		}
		if (!StringUtils.hasText(sms.text())) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "text is required");
		}
		SmsReceipt receipt;
		try {
			receipt = this.sms.send(sms);
		}
		catch (VendorException refused) {
			// a business error (an invalid number): the vendor refused the message, the
			// others would too
			throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY, refused.getMessage(), refused);
		}
		return ResponseEntity.status(receipt.isDelivered() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(receipt);
	}

}
