package io.thirdparty.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.annotation.Bean;

import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.provider.ServiceRegistryRefresher;

/**
 * Auto-configuration that rebuilds the services when Spring Cloud reports a changed
 * environment (a Nacos push, {@code /actuator/refresh}, a bus event).
 */
@AutoConfiguration(after = ThirdPartyAutoConfiguration.class)
@ConditionalOnClass(EnvironmentChangeEvent.class)
@ConditionalOnBean(ServiceRegistry.class)
public class ThirdPartyRefreshAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServiceRegistryRefresher thirdPartyServiceRegistryRefresher(ServiceRegistry services) {
		return new ServiceRegistryRefresher(services);
	}

}
