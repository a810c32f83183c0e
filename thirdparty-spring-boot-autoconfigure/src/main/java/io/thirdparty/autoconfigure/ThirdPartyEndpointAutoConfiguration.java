package io.thirdparty.autoconfigure;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.thirdparty.actuate.CacheOperations;
import io.thirdparty.actuate.ProviderEventLog;
import io.thirdparty.actuate.ThirdPartyEndpoint;
import io.thirdparty.actuate.ThirdPartyEndpointWebExtension;
import io.thirdparty.actuate.TrafficStatistics;
import io.thirdparty.operator.LocalOperatorSharing;
import io.thirdparty.operator.OperatorSharing;
import io.thirdparty.provider.ProviderControl;
import io.thirdparty.provider.ServiceRegistry;

/**
 * Auto-configuration of the {@code thirdparty} Actuator endpoint, when it is available
 * (exposed and not switched off with {@code management.endpoint.thirdparty.access=none}),
 * with the log of recent provider events it shows.
 */
@AutoConfiguration(after = { ThirdPartyAutoConfiguration.class, ThirdPartyProviderHealthAutoConfiguration.class,
		ThirdPartyOperatorAutoConfiguration.class })
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean({ ServiceRegistry.class, ProviderControl.class })
@ConditionalOnAvailableEndpoint(ThirdPartyEndpoint.class)
public class ThirdPartyEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ThirdPartyEndpoint thirdPartyEndpoint(ServiceRegistry services, ProviderControl control,
			ObjectProvider<CacheOperations> cache, ObjectProvider<OperatorSharing> sharing,
			ObjectProvider<TrafficStatistics> traffic, ObjectProvider<ProviderEventLog> events) {
		OperatorSharing operators = sharing.getIfUnique(() -> new LocalOperatorSharing("local", Clock.systemUTC()));
		return new ThirdPartyEndpoint(services, control, cache.getIfUnique(), operators, traffic.getIfUnique(),
				events.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	ProviderEventLog thirdPartyProviderEventLog(ServiceRegistry services) {
		ProviderEventLog log = new ProviderEventLog();
		services.addReloadListener(log);
		return log;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ThirdPartyEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	ThirdPartyEndpointWebExtension thirdPartyEndpointWebExtension(ThirdPartyEndpoint endpoint) {
		return new ThirdPartyEndpointWebExtension(endpoint);
	}

}
