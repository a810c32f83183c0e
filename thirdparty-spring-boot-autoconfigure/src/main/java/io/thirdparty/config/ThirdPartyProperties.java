package io.thirdparty.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Configuration of the third-party call pipeline under {@code third-party} (the seed's
 * {@code third_party} binds to it too). Services are keys beside these:
 * {@code third-party.<service>.providers[]}, {@code third-party.<service>.retry} and so on,
 * with the shape of {@link ServiceProperties}; they are bound by {@link ServiceConfigBinder}.
 */
@ConfigurationProperties(ThirdPartyProperties.PREFIX)
public class ThirdPartyProperties {

	/**
	 * Prefix of every key of the starter.
	 */
	public static final String PREFIX = "third-party";

	/**
	 * Settings every service inherits; a service overrides them key by key. Takes no providers.
	 */
	@NestedConfigurationProperty
	private final ServiceProperties defaults = new ServiceProperties();

	public ServiceProperties getDefaults() {
		return this.defaults;
	}

}
