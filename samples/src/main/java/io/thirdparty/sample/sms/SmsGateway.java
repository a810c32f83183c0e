package io.thirdparty.sample.sms;

import java.net.ConnectException;
import java.util.List;

import org.springframework.core.NestedExceptionUtils;

import io.thirdparty.CallMode;
import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyException;

/**
 * The application's port to the SMS vendors of service {@code sms}: one adapter per
 * vendor implements it in that vendor's own API ({@link ProviderASms},
 * {@link ProviderBSms}), and callers inject this interface. The starter's routing bean
 * chooses a vendor for each attempt (60/40 by weight), calls its adapter, retries on the
 * other vendor when one fails, keeps each vendor's circuit breaker, and answers with
 * {@link #queue} when every attempt failed.
 */
@ThirdPartyCall(service = "sms")
public interface SmsGateway {

	/**
	 * Sends an SMS through one of the vendors.
	 * @param sms the message
	 * @return which vendor delivered it, on which attempt
	 * @throws io.thirdparty.VendorException when a vendor refused the message itself (an
	 * invalid number): not retried on the other vendor
	 */
	@ThirdPartyCall(service = "sms", fallback = "queue")
	SmsReceipt send(SmsRequest sms);

	/**
	 * Queues an SMS: returns the task id at once, before any vendor is called; a queue
	 * worker sends it later through the same pipeline. The id is the idempotency key: the
	 * same id queued twice is sent once.
	 * @param id the caller's id of the message
	 * @param phone the recipient
	 * @param text the text
	 * @return the task id; the task's result is the vendor's message id
	 */
	@ThirdPartyCall(service = "sms", mode = CallMode.QUEUED, idempotencyKey = "#id")
	String sendLater(String id, String phone, String text);

	/**
	 * Answers when no vendor could deliver the message: the fallback of {@link #send}, a
	 * {@code default} method so that it runs on the interface, whichever vendor failed
	 * last. A real application would store the message to send it later; the sample only
	 * says so.
	 * @param sms the message
	 * @param failure why each attempt failed
	 * @return a queued receipt listing the failures
	 */
	default SmsReceipt queue(SmsRequest sms, ThirdPartyException failure) {
		List<String> failures = failure.attempts()
			.stream()
			.map((attempt) -> attempt.provider().name() + ": " + describe(attempt.provider(), attempt.cause()))
			.toList();
		return SmsReceipt.queued(failures);
	}

	private static String describe(Provider provider, Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException && cause.getMessage() == null) {
				// the JDK HttpClient's refused connection says nothing more
				return "ConnectException: could not connect to " + provider.url();
			}
		}
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
		return cause.getClass().getSimpleName() + ((cause.getMessage() != null) ? ": " + cause.getMessage() : "");
	}

}
