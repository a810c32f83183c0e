package io.thirdparty.discovery;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;

import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.provider.ServiceRegistry;

/**
 * Reloads the {@link ServiceRegistry} on Spring Cloud's {@link HeartbeatEvent} (sent by
 * the discovery clients when their view of the registry may have changed) and after a
 * refresh ({@code RefreshScopeRefreshedEvent}: {@code /actuator/refresh}, a bus event, a
 * Nacos push, whatever keys changed) when discovery reports other instances or metadata
 * than the services were built from. A change that the services cannot take (say, the
 * last instance of a service without configured providers went away) is refused and
 * logged at WARN naming the property; the last good providers stay in force. Changes of
 * the environment ({@code /actuator/refresh}, a Nacos push) reload the registry, and with
 * it the discovered providers, through the {@code ServiceRegistryRefresher}.
 */
public class DiscoveryRefresher implements SmartApplicationListener {

	private static final String REFRESHED_EVENT = "org.springframework.cloud.context.scope.refresh.RefreshScopeRefreshedEvent";

	private static final Log logger = LogFactory.getLog(DiscoveryRefresher.class);

	private final DiscoveredProviders discovered;

	private final ServiceRegistry services;

	/**
	 * Creates a refresher.
	 * @param discovered the discovered providers
	 * @param services the registry to reload
	 */
	public DiscoveryRefresher(DiscoveredProviders discovered, ServiceRegistry services) {
		this.discovered = discovered;
		this.services = services;
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		if (HeartbeatEvent.class.isAssignableFrom(eventType)) {
			return true;
		}
		for (Class<?> type = eventType; type != null; type = type.getSuperclass()) {
			if (type.getName().equals(REFRESHED_EVENT)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (!this.discovered.changed()) {
			return;
		}
		try {
			this.services.reloadLive();
		}
		catch (InvalidThirdPartyConfigurationException ex) {
			logger.warn("Refused the providers discovery now reports; the previous ones stay in force. "
					+ ex.getMessage() + ". Action: " + ex.getAction());
			logger.debug("Refused discovered providers", ex);
		}
	}

}
