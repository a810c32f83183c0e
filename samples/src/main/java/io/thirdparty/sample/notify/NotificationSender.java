package io.thirdparty.sample.notify;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import io.thirdparty.CallMode;
import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyContext;

/**
 * Sends notifications through the SMS vendors by the task queue: {@link #send} records the call
 * and returns its task id at once, before any vendor is called; a queue worker then runs the
 * method with the whole pipeline of service {@code sms} (selection, failover, breakers), and
 * retries it with backoff when every vendor failed.
 */
@Component
public class NotificationSender {

	private final RestClient rest;

	public NotificationSender(RestClient.Builder rest) {
		this.rest = rest.build();
	}

	/**
	 * Queues a notification. The notification's id is the idempotency key: the same notification
	 * queued twice is sent once.
	 * @param notification the notification
	 * @return the task id, to check with {@code GET /third-party/tasks/{taskId}}
	 */
	@ThirdPartyCall(service = "sms", mode = CallMode.QUEUED, idempotencyKey = "#notification.id")
	public String send(Notification notification) {
		Provider vendor = ThirdPartyContext.provider();
		return this.rest.post()
			.uri(vendor.url() + "/send")
			.header("Idempotency-Key", ThirdPartyContext.idempotencyKey())
			.contentType(MediaType.APPLICATION_JSON)
			.body(new VendorMessage(notification.to(), notification.text()))
			.retrieve()
			.body(String.class);
	}

	/**
	 * A notification to send.
	 * @param id the caller's id of the notification, its idempotency key
	 * @param to the phone number
	 * @param text the text
	 */
	public record Notification(String id, String to, String text) {
	}

	/** What the vendors' API takes. */
	record VendorMessage(String to, String text) {
	}

}
