package io.thirdparty.sample.notify;

import org.springframework.stereotype.Component;

import io.thirdparty.sample.sms.SmsGateway;

/**
 * Sends notifications through the SMS vendors by the task queue:
 * {@link SmsGateway#sendLater} records the call and returns its task id at once, before
 * any vendor is called; a queue worker then runs it with the whole pipeline of service
 * {@code sms} (selection, failover, breakers, each vendor's adapter), and retries it with
 * backoff when every vendor failed.
 */
@Component
public class NotificationSender {

	private final SmsGateway sms;

	public NotificationSender(SmsGateway sms) {
		this.sms = sms;
	}

	/**
	 * Queues a notification. The notification's id is the idempotency key: the same
	 * notification queued twice is sent once.
	 * @param notification the notification
	 * @return the task id, to check with {@code GET /third-party/tasks/{taskId}}
	 */
	public String send(Notification notification) {
		return this.sms.sendLater(notification.id(), notification.to(), notification.text());
	}

	/**
	 * A notification to send.
	 *
	 * @param id the caller's id of the notification, its idempotency key
	 * @param to the phone number
	 * @param text the text
	 */
	public record Notification(String id, String to, String text) {
	}

}
