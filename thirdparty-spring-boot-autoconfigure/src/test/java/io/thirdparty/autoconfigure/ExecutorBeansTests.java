package io.thirdparty.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;

import io.thirdparty.test.PipelineRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's own executors do not replace the application's task executor.
 */
class ExecutorBeansTests {

	@Test
	void applicationTaskExecutorIsStillAutoConfigured() {
		PipelineRunner.create()
			.withConfiguration(
					AutoConfigurations.of(TaskExecutionAutoConfiguration.class, ThirdPartyAsyncAutoConfiguration.class))
			.withPropertyValues("third-party.sms.providers[0].name=a",
					"third-party.sms.providers[0].url=http://a.example", "third-party.async.store=memory")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasBean(ThirdPartyResilienceAutoConfiguration.TIME_LIMIT_EXECUTOR);
				assertThat(context).hasBean(ThirdPartyAsyncAutoConfiguration.EXECUTOR);
				assertThat(context).hasBean("applicationTaskExecutor");
			});
	}

}
