package io.thirdparty.async;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.thirdparty.ThirdPartyException;
import io.thirdparty.autoconfigure.ThirdPartyAsyncAutoConfiguration;
import io.thirdparty.test.AsyncRunner;
import io.thirdparty.test.AsyncSmsClient;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code @ThirdPartyCall} methods returning {@code CompletableFuture}: the pipeline runs
 * on the starter's bounded executor against real HTTP vendors.
 */
class FutureCallTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("provider_a");

	private final FakeVendor b = this.vendors.start("provider_b");

	private final ApplicationContextRunner runner = AsyncRunner.service(AsyncRunner.inMemory(), "sms", this.a)
		.withBean(AsyncSmsClient.class);

	@AfterEach
	void stop() {
		this.a.release();
		MDC.clear();
	}

	@Test
	void returnsBeforeTheVendorAnswersThenCompletesWithItsValue() {
		this.a.hold();
		this.runner.run((context) -> {
			CompletableFuture<String> answer = context.getBean(AsyncSmsClient.class).send("hello");
			await().atMost(Duration.ofSeconds(5)).until(() -> this.a.requests() == 1);
			assertThat(answer).isNotDone();
			this.a.release();
			assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("{\"vendor\":\"provider_a\"}");
		});
	}

	@Test
	void runsOnTheNamedExecutorWithTheCallersMdc() {
		this.runner.run((context) -> {
			MDC.put("request-id", "r-42");
			String answer = context.getBean(AsyncSmsClient.class)
				.sendReportingContext("hello")
				.get(5, TimeUnit.SECONDS);
			assertThat(answer).startsWith("r-42@thirdparty-async-").endsWith(":{\"vendor\":\"provider_a\"}");
		});
	}

	@Test
	void carriesTheCallersObservation() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler((context) -> true);
		this.runner.withBean(ObservationRegistry.class, () -> registry).run((context) -> {
			Observation request = Observation.start("checkout", registry);
			CompletableFuture<String> answer;
			try (Observation.Scope scope = request.openScope()) {
				answer = context.getBean(AsyncSmsClient.class).currentObservation("hello");
			}
			finally {
				request.stop();
			}
			assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("checkout");
		});
	}

	@Test
	void syncModeRunsOnTheCallersThreadAndReturnsACompletedFuture() {
		this.runner.run((context) -> {
			CompletableFuture<String> answer = context.getBean(AsyncSmsClient.class).sendOnCallersThread("hello");
			assertThat(answer).isCompletedWithValue(Thread.currentThread().getName());
		});
	}

	@Test
	void failureOfTheMethodsOwnFutureFailsOverToTheNextProvider() {
		this.a.status(500);
		AsyncRunner.service(AsyncRunner.inMemory(), "sms", this.a, this.b)
			.withBean(AsyncSmsClient.class)
			.withPropertyValues("third-party.sms.strategy=priority", "third-party.sms.providers[1].priority=1")
			.run((context) -> {
				String answer = context.getBean(AsyncSmsClient.class)
					.sendInBackground("hello")
					.get(5, TimeUnit.SECONDS);
				assertThat(answer).isEqualTo("{\"vendor\":\"provider_b\"}");
				assertThat(this.a.requests()).isEqualTo(1);
			});
	}

	@Test
	void everyProviderFailingCompletesTheFutureWithThirdPartyException() {
		this.a.status(503);
		this.runner.withPropertyValues("third-party.sms.retry.max-attempts=2").run((context) -> {
			CompletableFuture<String> answer = context.getBean(AsyncSmsClient.class).send("hello");
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> answer.get(5, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOfSatisfying(ThirdPartyException.class, (failure) -> {
					assertThat(failure.service()).isEqualTo("sms");
					assertThat(failure.attempts()).hasSize(2);
				});
		});
	}

	@Test
	void fullExecutorRefusesTheCallNamingTheService() {
		this.a.hold();
		this.runner
			.withPropertyValues("third-party.async.executor.core-size=1", "third-party.async.executor.max-size=1",
					"third-party.async.executor.queue-capacity=1")
			.run((context) -> {
				AsyncSmsClient sms = context.getBean(AsyncSmsClient.class);
				List<CompletableFuture<String>> accepted = new ArrayList<>();
				accepted.add(sms.send("running"));
				await().atMost(Duration.ofSeconds(5)).until(() -> this.a.requests() == 1);
				accepted.add(sms.send("waiting"));
				assertThatExceptionOfType(AsyncCallRejectedException.class).isThrownBy(() -> sms.send("refused"))
					.satisfies((refused) -> assertThat(refused.service()).isEqualTo("sms"))
					.withMessageContaining("'sms'")
					.withMessageContaining("third-party.async.executor.max-size");
				this.a.release();
				for (CompletableFuture<String> future : accepted) {
					assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo("{\"vendor\":\"provider_a\"}");
				}
			});
	}

	@Test
	void virtualThreadsAreUsedOnlyWhenTheJdkHasThem() {
		this.runner.withPropertyValues("third-party.async.executor.virtual-threads=true").run((context) -> {
			AsyncCallExecutor executor = context.getBean(ThirdPartyAsyncAutoConfiguration.EXECUTOR,
					AsyncCallExecutor.class);
			assertThat(executor.usesVirtualThreads()).isEqualTo(Runtime.version().feature() >= 21);
			assertThat(context.getBean(AsyncSmsClient.class).send("hello").get(5, TimeUnit.SECONDS))
				.isEqualTo("{\"vendor\":\"provider_a\"}");
		});
	}

}
