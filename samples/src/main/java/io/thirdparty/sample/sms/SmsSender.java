package io.thirdparty.sample.sms;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyContext;
import io.thirdparty.ThirdPartyException;

/**
 * Sends SMS through the vendors of service {@code sms}, the way an application uses the starter:
 * the method talks to whichever vendor {@link ThirdPartyContext#provider()} names, and the starter
 * chooses it (60/40 by weight), retries on another vendor when one fails, and keeps each vendor's
 * circuit breaker. When every attempt failed, {@link #queue} answers instead.
 * <p>
 * The HTTP client is built from Boot's auto-configured {@link RestClient.Builder}, so the
 * connect and read timeouts come from {@code spring.http.clients.*} in {@code application.yml}.
 */
@Component
public class SmsSender {

	private static final Logger logger = LoggerFactory.getLogger(SmsSender.class);

	private final RestClient rest;

	public SmsSender(RestClient.Builder rest) {
		this.rest = rest.build();
	}

	/**
	 * Sends an SMS through one of the vendors.
	 * @param sms the message
	 * @return which vendor delivered it, on which attempt
	 */
	@ThirdPartyCall(service = "sms", fallback = "queue")
	public SmsReceipt send(SmsRequest sms) {
		Provider vendor = ThirdPartyContext.provider();
		VendorReply reply = this.rest.post()
			.uri(vendor.url() + "/send")
			.contentType(MediaType.APPLICATION_JSON)
			.body(new VendorMessage(sms.phone(), sms.text()))
			.retrieve()
			.body(VendorReply.class);
		return SmsReceipt.delivered(vendor.name(), ThirdPartyContext.attempt(),
				(reply != null) ? reply.messageId() : null);
	}

	/**
	 * Answers when no vendor could deliver the message. A real application would store the message
	 * to send it later; the sample only says so.
	 */
	SmsReceipt queue(SmsRequest sms, ThirdPartyException failure) {
		List<String> failures = failure.attempts()
			.stream()
			.map((attempt) -> attempt.provider().name() + ": " + describe(attempt.cause()))
			.toList();
		logger.warn("No SMS vendor could deliver to {}, message queued: {}", sms.phone(), failures);
		return SmsReceipt.queued(failures);
	}

	private static String describe(Throwable failure) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
		return cause.getClass().getSimpleName() + ((cause.getMessage() != null) ? ": " + cause.getMessage() : "");
	}

	/** What the vendors' API takes. */
	record VendorMessage(String to, String text) {
	}

	/** What the vendors' API answers. */
	record VendorReply(String vendor, String messageId) {
	}

}
