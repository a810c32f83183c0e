package io.thirdparty.test;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncTask;

import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyCallback;

/**
 * A web application with callback endpoints of service {@code pay}, for tests: it records
 * every call that reaches the controller (registered as a member class of this
 * configuration).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class CallbackApp {

	@Bean
	MeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
	}

	/**
	 * One call that reached the controller.
	 *
	 * @param provider the verified provider
	 * @param body the body the controller read
	 */
	public record Received(Provider provider, byte[] body) {
	}

	/**
	 * Callback endpoints of service {@code pay}.
	 */
	@RestController
	public static class PayCallbacks {

		private final List<Received> received = new CopyOnWriteArrayList<>();

		@ThirdPartyCallback(service = "pay")
		@PostMapping("/callbacks/pay/{provider}")
		public String byProvider(@RequestBody(required = false) byte[] body,
				@RequestAttribute(ThirdPartyCallback.PROVIDER_ATTRIBUTE) Provider provider) {
			this.received.add(new Received(provider, (body != null) ? body : new byte[0]));
			return "ok";
		}

		@ThirdPartyCallback(service = "pay")
		@PostMapping("/callbacks/pay")
		public String anyProvider(@RequestBody(required = false) byte[] body,
				@RequestAttribute(ThirdPartyCallback.PROVIDER_ATTRIBUTE) Provider provider) {
			this.received.add(new Received(provider, (body != null) ? body : new byte[0]));
			return "ok";
		}

		@ThirdPartyCallback(service = "pay")
		@PostMapping(path = "/callbacks/pay-form/{provider}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
		public String form(@RequestParam("order") String order, @RequestParam("status") String status,
				@RequestAttribute(ThirdPartyCallback.PROVIDER_ATTRIBUTE) Provider provider) {
			this.received.add(new Received(provider, ("order=" + order + ";status=" + status).getBytes()));
			return "ok";
		}

		@ThirdPartyCallback(service = "pay")
		@PostMapping("/callbacks/pay-callable/{provider}")
		public Callable<String> callable(@RequestBody byte[] body,
				@RequestAttribute(ThirdPartyCallback.PROVIDER_ATTRIBUTE) Provider provider) {
			return () -> answer("callable", provider, body);
		}

		@ThirdPartyCallback(service = "pay")
		@PostMapping("/callbacks/pay-deferred/{provider}")
		public DeferredResult<String> deferred(@RequestBody byte[] body,
				@RequestAttribute(ThirdPartyCallback.PROVIDER_ATTRIBUTE) Provider provider) {
			DeferredResult<String> result = new DeferredResult<>();
			// completed from another thread, as a handler waiting for its own work does
			CompletableFuture.runAsync(() -> result.setResult(answer("deferred", provider, body)));
			return result;
		}

		@ThirdPartyCallback(service = "pay")
		@PostMapping("/callbacks/pay-future/{provider}")
		public CompletableFuture<String> future(@RequestBody byte[] body,
				@RequestAttribute(ThirdPartyCallback.PROVIDER_ATTRIBUTE) Provider provider) {
			return CompletableFuture.supplyAsync(() -> answer("future", provider, body));
		}

		@ThirdPartyCallback(service = "pay")
		@PostMapping("/callbacks/pay-task/{provider}")
		public WebAsyncTask<String> task(@RequestBody byte[] body,
				@RequestAttribute(ThirdPartyCallback.PROVIDER_ATTRIBUTE) Provider provider) {
			return new WebAsyncTask<>(30_000L, () -> answer("task", provider, body));
		}

		private String answer(String kind, Provider provider, byte[] body) {
			this.received.add(new Received(provider, body));
			return kind + " handled for " + provider.name();
		}

		@PostMapping("/not-a-callback")
		public String plain(@RequestBody(required = false) String body) {
			return "plain:" + body;
		}

		/** Forgets the calls received so far. */
		public void clear() {
			this.received.clear();
		}

		public List<Received> received() {
			return List.copyOf(this.received);
		}

		public int calls() {
			return this.received.size();
		}

	}

}
