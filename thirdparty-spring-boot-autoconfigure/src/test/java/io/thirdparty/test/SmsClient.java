package io.thirdparty.test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyContext;
import io.thirdparty.ThirdPartyException;

/**
 * A bean calling the fake vendors of service {@code sms} over real HTTP, the way a user's
 * client would.
 */
public class SmsClient {

	private final RestClient rest;

	private final AtomicInteger fallbacks = new AtomicInteger();

	public SmsClient() {
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build());
		factory.setReadTimeout(Duration.ofSeconds(2));
		this.rest = RestClient.builder().requestFactory(factory).build();
	}

	@ThirdPartyCall(service = "sms")
	public String send(String text) {
		Provider provider = ThirdPartyContext.provider();
		return this.rest.post().uri(provider.url() + "/send").body(text).retrieve().body(String.class);
	}

	/**
	 * Sends and reads the vendor's JSON answer into a map, failing on an unreadable
	 * answer.
	 */
	@SuppressWarnings("unchecked")
	@ThirdPartyCall(service = "sms")
	public Map<String, Object> sendParsed(String text) {
		Provider provider = ThirdPartyContext.provider();
		return this.rest.post().uri(provider.url() + "/send").body(text).retrieve().body(Map.class);
	}

	@ThirdPartyCall(service = "sms", fallback = "queued")
	public String sendOrQueue(String text) {
		return send(text);
	}

	@ThirdPartyCall(service = "sms", fallback = "queuedWithCause")
	public String sendOrExplain(String text) {
		return send(text);
	}

	@ThirdPartyCall(service = "sms", idempotent = false)
	public String charge(String text) {
		return send(text);
	}

	/** Returns the vendor name and attempt number that served the call. */
	@ThirdPartyCall(service = "sms")
	public String whoAnswers(String text) {
		String body = send(text);
		return body + "#" + ThirdPartyContext.attempt();
	}

	String queued(String text) {
		this.fallbacks.incrementAndGet();
		return "queued:" + text;
	}

	String queuedWithCause(String text, ThirdPartyException failure) {
		return "queued:" + text + ":" + failure.attempts().size();
	}

	public int fallbacks() {
		return this.fallbacks.get();
	}

}
