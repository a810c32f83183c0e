package io.thirdparty.provider;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;

import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.config.ThirdPartyProperties;

/**
 * Reloads the {@link ServiceRegistry} when keys under {@code third-party} change. A new
 * configuration that cannot be used, for whatever reason (a failed check, a value that
 * does not bind, any other failure), is refused and logged at WARN naming the property;
 * the last good one stays in force.
 */
public class ServiceRegistryRefresher implements ApplicationListener<EnvironmentChangeEvent> {

	private static final Log logger = LogFactory.getLog(ServiceRegistryRefresher.class);

	private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(ThirdPartyProperties.PREFIX);

	private final ServiceRegistry services;

	/**
	 * Creates a refresher.
	 * @param services the registry to reload
	 */
	public ServiceRegistryRefresher(ServiceRegistry services) {
		this.services = services;
	}

	@Override
	public void onApplicationEvent(EnvironmentChangeEvent event) {
		if (event.getKeys().stream().noneMatch(ServiceRegistryRefresher::isThirdPartyKey)) {
			return;
		}
		try {
			this.services.reloadLive();
		}
		catch (InvalidThirdPartyConfigurationException ex) {
			logger.warn("Refused the changed third-party configuration; the previous one stays in force. "
					+ ex.getMessage() + ". Action: " + ex.getAction());
			logger.debug("Refused third-party configuration", ex);
		}
	}

	private static boolean isThirdPartyKey(String key) {
		ConfigurationPropertyName name = ConfigurationPropertyName.adapt(key, '.');
		return ROOT.isAncestorOf(name);
	}

}
