package io.thirdparty.nacos;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Keeps Spring Cloud Alibaba's Nacos Config, which the starter brings, quiet in applications
 * that have no Nacos settings: unless {@code spring.config.import} names {@code nacos:} or a
 * Nacos server address is set, Nacos Config is disabled by default, so no connection is made
 * and nothing about Nacos is logged. Any explicit setting still wins.
 */
public class NacosDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source holding the defaults. */
	public static final String PROPERTY_SOURCE_NAME = "thirdPartyNacosDefaults";

	/** After config data is loaded, before Nacos checks for its import. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (usesNacos(environment)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME,
					Map.of("spring.cloud.nacos.config.enabled", "false",
							"spring.cloud.nacos.config.import-check.enabled", "false")));
	}

	private static boolean usesNacos(ConfigurableEnvironment environment) {
		String imports = environment.getProperty("spring.config.import", "");
		return imports.contains("nacos:") || environment.containsProperty("spring.cloud.nacos.config.server-addr")
				|| environment.containsProperty("spring.cloud.nacos.server-addr");
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
