package io.thirdparty.provider;

import java.util.List;

import io.thirdparty.config.ServiceProperties;
import io.thirdparty.config.ServiceProperties.ProviderProperties;

/**
 * Providers of a service that come from somewhere other than its configuration, such as
 * service discovery. The {@link ServiceRegistry} asks on every (re)load and adds them
 * after the configured providers, before the whole service is checked, so they obey the
 * same rules.
 */
@FunctionalInterface
public interface ProviderSource {

	/** A source that adds no provider. */
	ProviderSource NONE = (service, settings) -> List.of();

	/**
	 * Returns the providers to add to a service.
	 * @param service the service name
	 * @param settings the service's bound settings
	 * @return the providers to add after the configured ones, possibly empty
	 */
	List<ProviderProperties> providers(String service, ServiceProperties settings);

}
