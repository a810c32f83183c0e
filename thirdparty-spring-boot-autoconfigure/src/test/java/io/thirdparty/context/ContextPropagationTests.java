package io.thirdparty.context;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyContext;
import io.thirdparty.autoconfigure.ThirdPartyObservationAutoConfiguration;
import io.thirdparty.observation.AttemptObservationStage;
import io.thirdparty.observation.DefaultThirdPartyCallObservationConvention;
import io.thirdparty.pipeline.AttemptStage;
import io.thirdparty.test.AsyncRunner;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller's context reaches the vendor call when the attempt runs on another thread:
 * the time-limit pool of a service with {@code timeout}, the asynchronous executor, or
 * both. The vendor's own observation ({@code http.client.requests} of a
 * {@code RestClient}) stays a child of the attempt's, the call's and the caller's, and
 * the caller's MDC is carried without leaking to the next task on the same thread.
 */
class ContextPropagationTests {

	private static final String CLIENT_OBSERVATION = "http.client.requests";

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor vendor = this.vendors.start("provider_a");

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final List<Observation.Context> started = new CopyOnWriteArrayList<>();

	ContextPropagationTests() {
		this.registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStart(Observation.Context context) {
				ContextPropagationTests.this.started.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
	}

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	private ApplicationContextRunner runner() {
		return AsyncRunner.service(AsyncRunner.inMemory(), "sms", this.vendor)
			.withConfiguration(AutoConfigurations.of(ThirdPartyObservationAutoConfiguration.class))
			.withBean(ObservationRegistry.class, () -> this.registry)
			.withBean(TracedSmsClient.class)
			.withPropertyValues("third-party.sms.timeout=10s");
	}

	@Test
	void vendorObservationOfATimedAttemptIsAChildOfTheAttemptAndOfTheCaller() {
		runner().run((context) -> {
			TracedSmsClient sms = context.getBean(TracedSmsClient.class);
			Observation checkout = Observation.start("checkout", this.registry);
			try (Observation.Scope scope = checkout.openScope()) {
				sms.send("hello");
			}
			finally {
				checkout.stop();
			}
			assertThat(sms.threads()).singleElement().asString().startsWith("thirdparty-attempt-");
			assertThat(ancestry(vendorObservation())).containsExactly(AttemptObservationStage.NAME,
					DefaultThirdPartyCallObservationConvention.NAME, "checkout");
		});
	}

	@Test
	void callersMdcIsCarriedToATimedAttemptAndNotLeftOnThePoolsThread() {
		runner().withPropertyValues("third-party.sms.mdc=true").run((context) -> {
			TracedSmsClient sms = context.getBean(TracedSmsClient.class);
			MDC.put("request-id", "r-42");
			sms.send("first");
			MDC.remove("request-id");
			sms.send("second");
			assertThat(sms.threads()).allSatisfy((thread) -> assertThat(thread).startsWith("thirdparty-attempt-"));
			assertThat(sms.mdc()).hasSize(2);
			assertThat(sms.mdc().get(0)).containsEntry("request-id", "r-42")
				.containsEntry(AttemptStage.MDC_SERVICE, "sms")
				.containsEntry(AttemptStage.MDC_PROVIDER, "provider_a");
			assertThat(sms.mdc().get(1)).doesNotContainKey("request-id").containsEntry(AttemptStage.MDC_SERVICE, "sms");
			assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
		});
	}

	@Test
	void asynchronousCallWithATimeLimitKeepsTheCallersObservationAcrossBothExecutors() {
		runner().run((context) -> {
			TracedSmsClient sms = context.getBean(TracedSmsClient.class);
			Observation checkout = Observation.start("checkout", this.registry);
			CompletableFuture<String> answer;
			MDC.put("request-id", "r-43");
			try (Observation.Scope scope = checkout.openScope()) {
				answer = sms.sendLater("hello");
			}
			finally {
				checkout.stop();
			}
			assertThat(answer.get(10, TimeUnit.SECONDS)).contains("provider_a");
			assertThat(sms.threads()).singleElement().asString().startsWith("thirdparty-attempt-");
			assertThat(sms.mdc()).singleElement()
				.satisfies((mdc) -> assertThat(mdc).containsEntry("request-id", "r-43"));
			assertThat(ancestry(vendorObservation())).containsExactly(AttemptObservationStage.NAME,
					DefaultThirdPartyCallObservationConvention.NAME, "checkout");
		});
	}

	private Observation.Context vendorObservation() {
		List<Observation.Context> vendorCalls = this.started.stream()
			.filter((context) -> CLIENT_OBSERVATION.equals(context.getName()))
			.toList();
		assertThat(vendorCalls).as("observations started: %s", this.started).hasSize(1);
		return vendorCalls.get(0);
	}

	/** Names of an observation's parents, nearest first. */
	private static List<String> ancestry(Observation.Context context) {
		List<String> names = new ArrayList<>();
		for (ObservationView parent = context.getParentObservation(); parent != null; parent = parent.getContextView()
			.getParentObservation()) {
			names.add(parent.getContextView().getName());
		}
		return names;
	}

	/**
	 * Calls the fake vendor with an observed {@code RestClient}, recording the thread and
	 * MDC of each attempt.
	 */
	static class TracedSmsClient {

		private final RestClient rest;

		private final List<String> threads = new CopyOnWriteArrayList<>();

		private final List<Map<String, String>> mdc = new CopyOnWriteArrayList<>();

		TracedSmsClient(ObjectProvider<ObservationRegistry> observations) {
			JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
					HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
			factory.setReadTimeout(Duration.ofSeconds(5));
			this.rest = RestClient.builder()
				.requestFactory(factory)
				.observationRegistry(observations.getObject())
				.build();
		}

		@ThirdPartyCall(service = "sms")
		public String send(String text) {
			this.threads.add(Thread.currentThread().getName());
			this.mdc.add(MDC.getCopyOfContextMap());
			Provider provider = ThirdPartyContext.provider();
			return this.rest.post().uri(provider.url() + "/send").body(text).retrieve().body(String.class);
		}

		@ThirdPartyCall(service = "sms")
		public CompletableFuture<String> sendLater(String text) {
			return CompletableFuture.completedFuture(send(text));
		}

		List<String> threads() {
			return this.threads;
		}

		List<Map<String, String>> mdc() {
			return this.mdc;
		}

	}

}
