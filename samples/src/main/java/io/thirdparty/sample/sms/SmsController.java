package io.thirdparty.sample.sms;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /sms}: sends a message; answers 200 when a vendor delivered it, 202 when it was
 * queued because none could.
 */
@RestController
class SmsController {

	private final SmsSender sender;

	SmsController(SmsSender sender) {
		this.sender = sender;
	}

	@PostMapping("/sms")
	ResponseEntity<SmsReceipt> send(@RequestBody SmsRequest sms) {
		if (!StringUtils.hasText(sms.phone())) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "phone is required");
		}
		if (!StringUtils.hasText(sms.text())) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "text is required");
		}
		SmsReceipt receipt = this.sender.send(sms);
		return ResponseEntity.status(receipt.isDelivered() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(receipt);
	}

}
