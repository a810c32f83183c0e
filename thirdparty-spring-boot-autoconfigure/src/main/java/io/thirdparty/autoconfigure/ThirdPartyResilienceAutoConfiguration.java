package io.thirdparty.autoconfigure;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.thirdparty.context.CallContextPropagation;
import io.thirdparty.resilience.FailureClassifier;
import io.thirdparty.resilience.ProviderGuards;

/**
 * Auto-configuration of per-provider protection and of retry. Breakers, time limiters,
 * rate limiters and bulkheads live in Resilience4j registries of the starter's own (see
 * {@link ProviderGuards} for why not the application's); the starter binds their
 * Resilience4j metrics itself. Retry is Spring Retry's, entered only after a first
 * attempt failed.
 */
@AutoConfiguration
@ConditionalOnClass({ CircuitBreaker.class, RetryTemplate.class })
public class ThirdPartyResilienceAutoConfiguration {

	/** Name of the executor that runs attempts with a time limit. */
	public static final String TIME_LIMIT_EXECUTOR = "thirdPartyTimeLimitExecutor";

	/**
	 * Name of the decorator that carries the caller's context to every executor of the
	 * starter.
	 */
	public static final String TASK_DECORATOR = "thirdPartyTaskDecorator";

	@Bean
	@ConditionalOnMissingBean
	FailureClassifier thirdPartyFailureClassifier(ObjectProvider<Clock> clock) {
		return new FailureClassifier(clock.getIfAvailable(Clock::systemUTC));
	}

	/**
	 * Carries the caller's context (MDC, current observation, every accessor of
	 * Micrometer Context Propagation's registry) to the threads of the starter's
	 * executors. Not a default candidate, so it never becomes the application's own
	 * executors' decorator.
	 */
	@Bean(name = TASK_DECORATOR, defaultCandidate = false)
	@ConditionalOnMissingBean(name = TASK_DECORATOR)
	TaskDecorator thirdPartyTaskDecorator() {
		return CallContextPropagation.taskDecorator();
	}

	/**
	 * Threads for attempts that have a time limit: created on demand, reclaimed after a
	 * minute idle, at most 256; when all are busy an attempt is rejected and the call
	 * fails over. Not a default candidate, so it never stands in for the application's
	 * own task executor. Attempts reach it through the {@link #TASK_DECORATOR decorator},
	 * this executor or one replacing it.
	 */
	@Bean(name = TIME_LIMIT_EXECUTOR, destroyMethod = "shutdownNow", defaultCandidate = false)
	@ConditionalOnMissingBean(name = TIME_LIMIT_EXECUTOR)
	ExecutorService thirdPartyTimeLimitExecutor() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("thirdparty-attempt-");
		threads.setDaemon(true);
		return new ThreadPoolExecutor(0, 256, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
	}

	@Bean
	@ConditionalOnMissingBean
	ProviderGuards thirdPartyProviderGuards(@Qualifier(TIME_LIMIT_EXECUTOR) ExecutorService timeLimitExecutor,
			@Qualifier(TASK_DECORATOR) TaskDecorator taskDecorator) {
		return new ProviderGuards(CallContextPropagation.decorate(timeLimitExecutor, taskDecorator));
	}

}
