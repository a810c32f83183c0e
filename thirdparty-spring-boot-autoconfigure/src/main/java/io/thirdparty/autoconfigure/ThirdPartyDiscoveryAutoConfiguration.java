package io.thirdparty.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.annotation.Bean;

import io.thirdparty.discovery.DiscoveredProviders;
import io.thirdparty.discovery.DiscoveryRefresher;
import io.thirdparty.provider.ServiceRegistry;

/**
 * Auto-configuration of providers from Spring Cloud's {@link DiscoveryClient}
 * ({@code third-party.<service>.discovery.service-id}) and of their refresh on
 * heartbeats. The registry takes the {@link DiscoveredProviders} bean when it is built.
 */
@AutoConfiguration(after = ThirdPartyAutoConfiguration.class)
@ConditionalOnClass(DiscoveryClient.class)
public class ThirdPartyDiscoveryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DiscoveredProviders thirdPartyDiscoveredProviders(ObjectProvider<DiscoveryClient> clients) {
		return new DiscoveredProviders(clients::getIfAvailable);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ServiceRegistry.class)
	DiscoveryRefresher thirdPartyDiscoveryRefresher(DiscoveredProviders discovered, ServiceRegistry services) {
		return new DiscoveryRefresher(discovered, services);
	}

}
