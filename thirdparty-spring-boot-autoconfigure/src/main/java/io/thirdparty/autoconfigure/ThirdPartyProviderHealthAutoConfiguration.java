package io.thirdparty.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.thirdparty.health.CircuitBreakerEjections;
import io.thirdparty.health.ProviderHealthChecker;
import io.thirdparty.pipeline.AttemptStage;
import io.thirdparty.provider.ProviderControl;
import io.thirdparty.provider.ProviderStates;
import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.resilience.ProviderGuards;

/**
 * Auto-configuration of provider health and operations: the attempt stage that accounts
 * for each provider's traffic and ejects it after consecutive failures, the reports of
 * breakers opening and closing, the active health checks
 * ({@code third-party.<service>.health-check}) and the operator actions of
 * {@link ProviderControl}.
 */
@AutoConfiguration(after = ThirdPartyAutoConfiguration.class)
@ConditionalOnBean({ ServiceRegistry.class, ProviderStates.class })
public class ThirdPartyProviderHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AttemptStage thirdPartyAttemptStage(ProviderStates states) {
		return new AttemptStage(states);
	}

	@Bean
	@ConditionalOnMissingBean
	CircuitBreakerEjections thirdPartyCircuitBreakerEjections(ServiceRegistry services, ProviderStates states,
			ProviderGuards guards) {
		CircuitBreakerEjections ejections = new CircuitBreakerEjections(services, states);
		guards.onBreakerTransition(ejections);
		return ejections;
	}

	@Bean
	@ConditionalOnMissingBean
	ProviderHealthChecker thirdPartyProviderHealthChecker(ServiceRegistry services, ProviderStates states) {
		return new ProviderHealthChecker(services, states);
	}

	@Bean
	@ConditionalOnMissingBean
	ProviderControl thirdPartyProviderControl(ServiceRegistry services) {
		return new ProviderControl(services);
	}

}
