package io.thirdparty.autoconfigure;

import java.time.Clock;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.TaskDecorator;

import io.thirdparty.ThirdPartyTasks;
import io.thirdparty.async.AsyncCallExecutor;
import io.thirdparty.async.AsyncCallStage;
import io.thirdparty.async.DefaultThirdPartyTasks;
import io.thirdparty.async.FutureResultStage;
import io.thirdparty.async.RunningTasks;
import io.thirdparty.async.TaskBackend;
import io.thirdparty.async.TaskCodec;
import io.thirdparty.async.TaskSubmitter;
import io.thirdparty.async.TaskTargets;
import io.thirdparty.async.TaskWorker;
import io.thirdparty.async.ThirdPartyAsyncProperties;
import io.thirdparty.pipeline.CallSpecResolver;
import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.resilience.FailureClassifier;

/**
 * Auto-configuration of asynchronous and queued {@code @ThirdPartyCall}s and of the task
 * API: the stage that sends each call where its mode says, the bounded executor of
 * asynchronous calls (with the caller's context carried over by the starter's
 * {@link ThirdPartyResilienceAutoConfiguration#TASK_DECORATOR task decorator}: MDC,
 * current observation), and, when Jackson 3 is present, the task queue: Redis Streams
 * when the application has a Redis connection factory (or
 * {@code third-party.async.store=redis}), memory otherwise, with workers and
 * {@link ThirdPartyTasks}.
 * <p>
 * Shutdown order: the web server finishes first; then the queue workers stop taking
 * messages, finish or hand back what they hold ({@link TaskWorker#PHASE}); then the
 * executor drains ({@link AsyncCallExecutor#PHASE}); Redis closes last.
 */
@AutoConfiguration(after = ThirdPartyAutoConfiguration.class,
		afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration" })
@ConditionalOnBean(ServiceRegistry.class)
@EnableConfigurationProperties(ThirdPartyAsyncProperties.class)
public class ThirdPartyAsyncAutoConfiguration {

	/** Name of the executor of asynchronous calls. */
	public static final String EXECUTOR = "thirdPartyAsyncExecutor";

	@Bean
	@ConditionalOnMissingBean
	RunningTasks thirdPartyRunningTasks() {
		return new RunningTasks();
	}

	@Bean(name = EXECUTOR, defaultCandidate = false)
	@ConditionalOnMissingBean(name = EXECUTOR)
	AsyncCallExecutor thirdPartyAsyncExecutor(ThirdPartyAsyncProperties properties,
			@Qualifier(ThirdPartyResilienceAutoConfiguration.TASK_DECORATOR) TaskDecorator taskDecorator) {
		properties.validate();
		return new AsyncCallExecutor(properties.getExecutor(), properties.getShutdownTimeout(), taskDecorator);
	}

	@Bean
	@ConditionalOnMissingBean
	AsyncCallStage thirdPartyAsyncCallStage(@Qualifier(EXECUTOR) ObjectProvider<AsyncCallExecutor> executor,
			ObjectProvider<TaskSubmitter> submitter, RunningTasks runningTasks) {
		return new AsyncCallStage(executor, submitter, runningTasks);
	}

	@Bean
	@ConditionalOnMissingBean
	FutureResultStage thirdPartyFutureResultStage() {
		return new FutureResultStage();
	}

	/** The task queue, its workers and the task API. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObjectMapper.class)
	@Import({ TaskBackendConfigurations.Redis.class, TaskBackendConfigurations.InMemory.class })
	static class QueueConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TaskTargets thirdPartyTaskTargets(CallSpecResolver specs) {
			return new TaskTargets(specs);
		}

		@Bean
		@ConditionalOnMissingBean
		TaskCodec thirdPartyTaskCodec(ObjectProvider<JsonMapper> mapper) {
			return new TaskCodec(mapper.getIfAvailable(() -> JsonMapper.builder().build()));
		}

		@Bean
		@ConditionalOnMissingBean
		TaskSubmitter thirdPartyTaskSubmitter(TaskBackend backend, TaskTargets targets, TaskCodec codec,
				ObjectProvider<Clock> clock) {
			return new TaskSubmitter(backend, targets, codec, clock.getIfAvailable(Clock::systemUTC));
		}

		@Bean
		@ConditionalOnMissingBean
		ThirdPartyTasks thirdPartyTasks(TaskSubmitter submitter) {
			return new DefaultThirdPartyTasks(submitter);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(name = ThirdPartyAsyncProperties.PREFIX + ".workers.enabled",
				matchIfMissing = true)
		TaskWorker thirdPartyTaskWorker(TaskBackend backend, TaskTargets targets, TaskCodec codec,
				RunningTasks runningTasks, ObjectProvider<FailureClassifier> classifier,
				ThirdPartyAsyncProperties properties, ObjectProvider<Clock> clock) {
			Clock time = clock.getIfAvailable(Clock::systemUTC);
			return new TaskWorker(backend, targets, codec, runningTasks,
					classifier.getIfAvailable(() -> new FailureClassifier(time)), properties, time);
		}

	}

}
