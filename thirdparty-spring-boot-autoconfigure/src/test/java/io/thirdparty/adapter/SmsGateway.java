package io.thirdparty.adapter;

import java.util.concurrent.CompletableFuture;

import io.thirdparty.ThirdPartyCall;

/**
 * The port of service {@code sms} in the adapter tests: each vendor's adapter implements
 * it.
 */
@ThirdPartyCall(service = "sms")
public interface SmsGateway {

	/**
	 * Sends a message.
	 * @param phone the recipient
	 * @param text the text
	 * @return which vendor took it
	 */
	String send(String phone, String text);

	/**
	 * Sends a message on the starter's executor.
	 * @param phone the recipient
	 * @param text the text
	 * @return which vendor took it, when it did
	 */
	CompletableFuture<String> sendAsync(String phone, String text);

}
