package io.thirdparty.async;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import io.thirdparty.CallMode;
import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyTask;
import io.thirdparty.ThirdPartyTasks;
import io.thirdparty.autoconfigure.ThirdPartyAsyncAutoConfiguration;
import io.thirdparty.autoconfigure.ThirdPartyAutoConfiguration;
import io.thirdparty.autoconfigure.ThirdPartyResilienceAutoConfiguration;
import io.thirdparty.autoconfigure.ThirdPartyTaskWebAutoConfiguration;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.test.AsyncRunner;
import io.thirdparty.test.PaymentTasks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the asynchronous auto-configuration provides, when it backs off, and the mistakes
 * that fail startup.
 */
class AsyncConfigurationTests {

	private final ApplicationContextRunner runner = AsyncRunner.inMemory()
		.withPropertyValues("third-party.sms.providers[0].name=a", "third-party.sms.providers[0].url=http://a.example",
				"third-party.pay.providers[0].name=a", "third-party.pay.providers[0].url=http://a.example");

	@Test
	void providesTheStagesTheExecutorAndTheTaskApi() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(AsyncCallStage.class)
				.hasSingleBean(FutureResultStage.class)
				.hasBean(ThirdPartyAsyncAutoConfiguration.EXECUTOR)
				.hasSingleBean(ThirdPartyTasks.class)
				.hasSingleBean(TaskWorker.class);
		});
	}

	@Test
	void withoutWorkersTheInstanceOnlySubmits() {
		this.runner.withPropertyValues("third-party.async.workers.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(ThirdPartyTasks.class)
				.doesNotHaveBean(TaskWorker.class));
	}

	@Test
	void withoutJacksonThereIsNoQueueButFuturesStillWork() {
		this.runner.withClassLoader(new FilteredClassLoader(ObjectMapper.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(AsyncCallStage.class)
				.doesNotHaveBean(ThirdPartyTasks.class)
				.doesNotHaveBean(TaskWorker.class));
	}

	@Test
	void taskEndpointsOnlyInAServletWebApplication() {
		AutoConfigurations web = AutoConfigurations.of(ThirdPartyTaskWebAutoConfiguration.class);
		this.runner.withConfiguration(web)
			.run((context) -> assertThat(context).doesNotHaveBean(ThirdPartyTaskWebAutoConfiguration.ROUTES));
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ThirdPartyResilienceAutoConfiguration.class,
					ThirdPartyAutoConfiguration.class, ThirdPartyAsyncAutoConfiguration.class,
					ThirdPartyTaskWebAutoConfiguration.class))
			.withPropertyValues("third-party.async.poll-timeout=100ms")
			.run((context) -> assertThat(context).hasBean(ThirdPartyTaskWebAutoConfiguration.ROUTES));
	}

	@Test
	void asyncModeOnAMethodNotReturningAFutureFailsStartup() {
		this.runner.withBean(AsyncWithoutFuture.class)
			.run(failsOn("@ThirdPartyCall on " + AsyncWithoutFuture.class.getName() + ".send (mode)",
					"CompletableFuture<String>"));
	}

	@Test
	void queuedMethodReturningAValueFailsStartup() {
		this.runner.withBean(QueuedReturningInt.class)
			.run(failsOn("@ThirdPartyCall on " + QueuedReturningInt.class.getName() + ".send (mode)", "void"));
	}

	@Test
	void taskMethodWithTwoParametersFailsStartup() {
		this.runner.withBean(TwoParameterTask.class)
			.run(failsOn("@ThirdPartyTask(\"refund\") on " + TwoParameterTask.class.getName() + ".refund",
					"one parameter"));
	}

	@Test
	void taskThatIsNotIdempotentWithAnIdempotentVendorCallFailsStartup() {
		this.runner.withBean(RetryingChargeTask.class)
			.run(failsOn("@ThirdPartyTask(\"charge\") on " + RetryingChargeTask.class.getName() + ".charge",
					"@ThirdPartyCall(idempotent = false)"));
	}

	@Test
	void taskTypeDeclaredTwiceFailsStartup() {
		this.runner.withBean(PaymentTasks.class).withBean(OtherPaymentTasks.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(invalidConfiguration(context.getStartupFailure()))
				.hasMessageContaining("task type 'payment' is also declared on");
		});
	}

	@Test
	void badAsyncSettingFailsStartupNamingTheKey() {
		this.runner.withPropertyValues("third-party.async.max-deliveries=0")
			.run(failsOn("third-party.async.max-deliveries", "1 or more"));
	}

	@Test
	void asyncStageRunsFirstAndTheFutureStageJustBeforeTheMethod() {
		this.runner.run((context) -> assertThat(context.getBeanProvider(io.thirdparty.pipeline.CallStage.class)
			.orderedStream()
			.map((stage) -> stage.getClass().getSimpleName())).startsWith("AsyncCallStage")
			.endsWith("FutureResultStage", "InvocationStage"));
	}

	private static ContextConsumer<AssertableApplicationContext> failsOn(String property, String hint) {
		return (context) -> {
			assertThat(context).hasFailed();
			InvalidThirdPartyConfigurationException failure = invalidConfiguration(context.getStartupFailure());
			assertThat(failure.getProperty()).isEqualTo(property);
			assertThat(failure.getReason() + " " + failure.getAction()).contains(hint);
		};
	}

	static InvalidThirdPartyConfigurationException invalidConfiguration(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidThirdPartyConfigurationException invalid) {
				return invalid;
			}
		}
		throw new AssertionError("Startup did not fail with InvalidThirdPartyConfigurationException", failure);
	}

	static class AsyncWithoutFuture {

		@ThirdPartyCall(service = "sms", mode = CallMode.ASYNC)
		public String send(String text) {
			return text;
		}

	}

	static class QueuedReturningInt {

		@ThirdPartyCall(service = "sms", mode = CallMode.QUEUED)
		public int send(String text) {
			return 1;
		}

	}

	static class TwoParameterTask {

		@ThirdPartyTask("refund")
		public String refund(String orderId, long amount) {
			return orderId;
		}

	}

	static class RetryingChargeTask {

		@ThirdPartyTask("charge")
		@ThirdPartyCall(service = "sms")
		public String charge(String orderId) {
			return orderId;
		}

	}

	static class OtherPaymentTasks {

		@ThirdPartyTask("payment")
		public CompletableFuture<String> pay(String orderId) {
			return CompletableFuture.completedFuture(orderId);
		}

	}

}
