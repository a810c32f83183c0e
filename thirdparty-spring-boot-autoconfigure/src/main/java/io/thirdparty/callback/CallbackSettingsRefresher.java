package io.thirdparty.callback;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;

import io.thirdparty.config.InvalidThirdPartyConfigurationException;

/**
 * Reloads the {@link CallbackSettings} when keys under {@code third-party.callbacks} (or
 * {@code server.forward-headers-strategy}, which they depend on) change. A change that
 * fails the checks of startup is refused and logged; the last good settings stay in
 * force, and genuine callbacks go on being accepted.
 */
public class CallbackSettingsRefresher implements ApplicationListener<EnvironmentChangeEvent> {

	private static final Log logger = LogFactory.getLog(CallbackSettingsRefresher.class);

	private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(CallbackProperties.PREFIX);

	private static final ConfigurationPropertyName SERVER_STRATEGY = ConfigurationPropertyName
		.of(CallbackSettings.SERVER_STRATEGY);

	private final CallbackSettings settings;

	/**
	 * Creates a refresher.
	 * @param settings the settings to reload
	 */
	public CallbackSettingsRefresher(CallbackSettings settings) {
		this.settings = settings;
	}

	@Override
	public void onApplicationEvent(EnvironmentChangeEvent event) {
		if (event.getKeys().stream().noneMatch(CallbackSettingsRefresher::concernsCallbacks)) {
			return;
		}
		try {
			this.settings.reload();
		}
		catch (InvalidThirdPartyConfigurationException ex) {
			logger.error("Refused the changed callback settings; the previous ones stay in force. " + ex.getMessage()
					+ ". Action: " + ex.getAction(), ex);
		}
		catch (BindException ex) {
			logger.error("Refused the changed callback settings; the previous ones stay in force. " + ex.getMessage(),
					ex);
		}
	}

	private static boolean concernsCallbacks(String key) {
		ConfigurationPropertyName name = ConfigurationPropertyName.adapt(key, '.');
		return ROOT.isAncestorOf(name) || SERVER_STRATEGY.equals(name);
	}

}
