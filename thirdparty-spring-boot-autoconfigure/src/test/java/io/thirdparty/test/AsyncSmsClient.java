package io.thirdparty.test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.MDC;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import io.thirdparty.CallMode;
import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyContext;

/**
 * A bean calling the fake vendors of service {@code sms} over real HTTP with methods that
 * return futures, the way a user's asynchronous client would.
 */
public class AsyncSmsClient {

	private final RestClient rest;

	private final ObservationRegistry observations;

	public AsyncSmsClient(ObjectProvider<ObservationRegistry> observations) {
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build());
		factory.setReadTimeout(Duration.ofSeconds(10));
		this.rest = RestClient.builder().requestFactory(factory).build();
		this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
	}

	@ThirdPartyCall(service = "sms")
	public CompletableFuture<String> send(String text) {
		return CompletableFuture.completedFuture(post(ThirdPartyContext.provider(), text));
	}

	/**
	 * Answers with the caller's MDC entry {@code request-id} and the thread that ran the
	 * call.
	 */
	@ThirdPartyCall(service = "sms")
	public CompletableFuture<String> sendReportingContext(String text) {
		String body = post(ThirdPartyContext.provider(), text);
		return CompletableFuture
			.completedFuture(MDC.get("request-id") + "@" + Thread.currentThread().getName() + ":" + body);
	}

	/**
	 * Runs on the caller's thread although it returns a future; answers with the thread's
	 * name.
	 */
	@ThirdPartyCall(service = "sms", mode = CallMode.SYNC)
	public CompletableFuture<String> sendOnCallersThread(String text) {
		post(ThirdPartyContext.provider(), text);
		return CompletableFuture.completedFuture(Thread.currentThread().getName());
	}

	/** Calls the vendor inside a future of its own, whose failure is the attempt's. */
	@ThirdPartyCall(service = "sms")
	public CompletableFuture<String> sendInBackground(String text) {
		Provider provider = ThirdPartyContext.provider();
		return CompletableFuture.supplyAsync(() -> post(provider, text));
	}

	/** Answers with the name of the observation current inside the call. */
	@ThirdPartyCall(service = "sms")
	public CompletableFuture<String> currentObservation(String text) {
		post(ThirdPartyContext.provider(), text);
		Observation current = this.observations.getCurrentObservation();
		return CompletableFuture.completedFuture((current != null) ? current.getContext().getName() : "none");
	}

	private String post(Provider provider, String text) {
		return this.rest.post().uri(provider.url() + "/send").body(text).retrieve().body(String.class);
	}

}
