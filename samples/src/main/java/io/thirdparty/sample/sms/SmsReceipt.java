package io.thirdparty.sample.sms;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Answer of {@code POST /sms}: delivered by a vendor, or queued when every vendor failed.
 *
 * @param status {@code delivered} or {@code queued}
 * @param vendor the vendor that delivered the message
 * @param attempt the attempt of the call that delivered it, starting at 1
 * @param messageId the vendor's id of the message
 * @param failures why each attempt failed, when queued
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SmsReceipt(String status, String vendor, Integer attempt, String messageId, List<String> failures) {

	static SmsReceipt delivered(String vendor, int attempt, String messageId) {
		return new SmsReceipt("delivered", vendor, attempt, messageId, null);
	}

	static SmsReceipt queued(List<String> failures) {
		return new SmsReceipt("queued", null, null, null, failures);
	}

	boolean isDelivered() {
		return "delivered".equals(this.status);
	}

}
