package io.thirdparty.test;

import java.util.List;
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

import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyCallback;

/**
 * A web application with callback endpoints of service {@code pay}, for tests: it records
 * every call that reaches the controller (registered as a member class of this configuration).
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
