package io.thirdparty.sample.sms;

/**
 * Body of {@code POST /sms}.
 *
 * @param phone the recipient's phone number
 * @param text the message
 */
public record SmsRequest(String phone, String text) {
}
