package io.thirdparty.autoconfigure;

import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.thirdparty.actuate.TrafficStatistics;
import io.thirdparty.observation.AttemptObservationStage;
import io.thirdparty.observation.CallObservationStage;
import io.thirdparty.observation.DefaultThirdPartyCallObservationConvention;
import io.thirdparty.observation.MicrometerTrafficStatistics;
import io.thirdparty.observation.Resilience4jMetrics;
import io.thirdparty.observation.ThirdPartyCallObservationConvention;
import io.thirdparty.observation.ThirdPartyMetrics;
import io.thirdparty.observation.TimerPercentiles;
import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.resilience.ProviderGuards;

/**
 * Auto-configuration of the starter's metrics and observations: with an
 * {@link ObservationRegistry}, an observation per call ({@code thirdparty.calls}, named
 * by a replaceable {@link ThirdPartyCallObservationConvention}) and per attempt; with a
 * {@link MeterRegistry}, the {@code thirdparty.failovers} counter, the
 * {@code thirdparty.provider.state} gauges and Resilience4j's own metrics of the
 * providers' guards, the percentiles of the starter's timers and the recent traffic the
 * {@code thirdparty} endpoint shows. The {@code thirdparty.calls} timer is the call
 * observation, recorded by Micrometer's meter handler (Spring Boot's default), so each
 * call is timed once. Without either registry none of these stages exists, so the call
 * path pays nothing for them.
 */
@AutoConfiguration(after = ThirdPartyAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnBean(ServiceRegistry.class)
public class ThirdPartyObservationAutoConfiguration {

	/** Name of the filter publishing the percentiles of the starter's timers. */
	public static final String TIMER_PERCENTILES = "thirdPartyTimerPercentiles";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ThirdPartyMetrics thirdPartyMetrics(MeterRegistry registry, ServiceRegistry services) {
			ThirdPartyMetrics metrics = new ThirdPartyMetrics(registry, services);
			services.addReloadListener(metrics);
			return metrics;
		}

		@Bean(name = TIMER_PERCENTILES)
		@ConditionalOnMissingBean(name = TIMER_PERCENTILES)
		static TimerPercentiles thirdPartyTimerPercentiles() {
			return new TimerPercentiles();
		}

		@Bean
		@ConditionalOnMissingBean(TrafficStatistics.class)
		MicrometerTrafficStatistics thirdPartyTrafficStatistics(MeterRegistry registry, ServiceRegistry services) {
			MicrometerTrafficStatistics traffic = new MicrometerTrafficStatistics(registry);
			services.addReloadListener(traffic);
			return traffic;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MeterRegistry.class, TaggedCircuitBreakerMetrics.class })
	@ConditionalOnBean({ MeterRegistry.class, ProviderGuards.class })
	static class Resilience4jMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		Resilience4jMetrics thirdPartyResilience4jMetrics(ProviderGuards guards) {
			return new Resilience4jMetrics(guards);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationRegistry.class)
	@ConditionalOnBean(ObservationRegistry.class)
	static class ObservationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ThirdPartyCallObservationConvention thirdPartyCallObservationConvention() {
			return new DefaultThirdPartyCallObservationConvention();
		}

		@Bean
		@ConditionalOnMissingBean
		CallObservationStage thirdPartyCallObservationStage(ObservationRegistry registry,
				ThirdPartyCallObservationConvention convention) {
			return new CallObservationStage(registry, convention);
		}

		@Bean
		@ConditionalOnMissingBean
		AttemptObservationStage thirdPartyAttemptObservationStage(ObservationRegistry registry) {
			return new AttemptObservationStage(registry);
		}

	}

	/**
	 * Metrics without an {@link ObservationRegistry} (Micrometer set up without Spring
	 * Boot's observation support): the call observation runs on a registry of its own
	 * whose only handler is Micrometer's meter handler, so that the
	 * {@code thirdparty.calls} timer exists.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MeterRegistry.class, ObservationRegistry.class })
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnMissingBean(ObservationRegistry.class)
	static class MetricsWithoutObservationsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ThirdPartyCallObservationConvention thirdPartyCallObservationConvention() {
			return new DefaultThirdPartyCallObservationConvention();
		}

		@Bean
		@ConditionalOnMissingBean
		CallObservationStage thirdPartyCallObservationStage(MeterRegistry meters,
				ThirdPartyCallObservationConvention convention) {
			ObservationRegistry registry = ObservationRegistry.create();
			// only the timer: a long-task timer would register, start and stop a sample
			// per call for a gauge of calls in flight the endpoint already shows
			registry.observationConfig()
				.observationHandler(new DefaultMeterObservationHandler(meters,
						DefaultMeterObservationHandler.IgnoredMeters.LONG_TASK_TIMER));
			return new CallObservationStage(registry, convention);
		}

	}

}
