package io.thirdparty.autoconfigure;

import org.springframework.beans.factory.InjectionPoint;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.context.annotation.Scope;
import org.springframework.core.env.Environment;

import io.thirdparty.ProviderSettings;
import io.thirdparty.ThirdPartyProvider;
import io.thirdparty.adapter.AdapterRegistrar;
import io.thirdparty.adapter.LiveProviderSettings;
import io.thirdparty.provider.ServiceRegistry;

/**
 * Auto-configuration of provider adapters: for each interface annotated
 * {@code @ThirdPartyCall} with {@link ThirdPartyProvider} implementations, a primary
 * routing bean that runs the pipeline and calls the chosen provider's adapter; and the
 * {@link ProviderSettings} each adapter may take as a constructor parameter.
 */
@AutoConfiguration(after = ThirdPartyAutoConfiguration.class)
public class ThirdPartyAdapterAutoConfiguration {

	/**
	 * Static, as every bean definition registry post-processor: it runs before any other
	 * bean of this configuration exists.
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean
	static AdapterRegistrar thirdPartyAdapterRegistrar() {
		return new AdapterRegistrar();
	}

	/** One per adapter, for the provider its {@code @ThirdPartyProvider} names. */
	@Bean
	@Scope(BeanDefinition.SCOPE_PROTOTYPE)
	@ConditionalOnMissingBean
	ProviderSettings thirdPartyProviderSettings(InjectionPoint injectionPoint, ServiceRegistry services,
			Environment environment) {
		return LiveProviderSettings.of(injectionPoint, services, environment);
	}

}
