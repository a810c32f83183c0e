package io.thirdparty.test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import io.thirdparty.CallMode;
import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyContext;

/**
 * A bean sending notifications through the queue to the fake vendors of service
 * {@code sms}, passing each call's idempotency key to the vendor.
 */
public class NotificationClient {

	private final RestClient rest;

	private final AtomicInteger runs = new AtomicInteger();

	public NotificationClient() {
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build());
		factory.setReadTimeout(Duration.ofSeconds(30));
		this.rest = RestClient.builder().requestFactory(factory).build();
	}

	/**
	 * Queues a notification; returns the task id to the caller, the vendor's answer to
	 * the task.
	 */
	@ThirdPartyCall(service = "sms", mode = CallMode.QUEUED)
	public String send(Notification notification) {
		return post(notification);
	}

	/**
	 * Queues a notification identified by its id: the same id is sent once. Returns the
	 * task id.
	 */
	@ThirdPartyCall(service = "sms", mode = CallMode.QUEUED, idempotencyKey = "#notification.id")
	public String sendOnce(Notification notification) {
		return post(notification);
	}

	/**
	 * Queues a notification that must not be sent twice, like a charge. Returns the task
	 * id.
	 */
	@ThirdPartyCall(service = "sms", mode = CallMode.QUEUED, idempotent = false)
	public String sendAtMostOnce(Notification notification) {
		return post(notification);
	}

	/** Queues a notification and returns nothing to the caller. */
	@ThirdPartyCall(service = "sms", mode = CallMode.QUEUED)
	public void fireAndForget(Notification notification) {
		post(notification);
	}

	/**
	 * Returns how many times this bean's notification methods ran.
	 * @return the count
	 */
	public int runs() {
		return this.runs.get();
	}

	private String post(Notification notification) {
		this.runs.incrementAndGet();
		Provider provider = ThirdPartyContext.provider();
		return this.rest.post()
			.uri(provider.url() + "/notify/" + notification.to())
			.header("Idempotency-Key", ThirdPartyContext.idempotencyKey())
			.body(notification.text())
			.retrieve()
			.body(String.class);
	}

	/**
	 * A notification.
	 *
	 * @param id its id
	 * @param to the recipient
	 * @param text the text
	 */
	public record Notification(String id, String to, String text) {
	}

}
