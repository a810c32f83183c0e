package io.thirdparty.nacos;

import java.util.List;
import java.util.Map;

import com.alibaba.cloud.nacos.NacosPropertiesPrefixer;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Keeps Spring Cloud Alibaba's Nacos Config, which the starter brings, quiet in
 * applications that have no Nacos settings: unless {@code spring.config.import} names
 * {@code nacos:} (as a comma-separated value or a list) or a Nacos server address is set,
 * Nacos Config is disabled by default, so no Nacos client is created, no connection is
 * made and nothing about Nacos is logged. Any explicit setting still wins. Does nothing
 * without Spring Cloud Alibaba Nacos Config on the classpath.
 */
public class NacosDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source holding the defaults. */
	public static final String PROPERTY_SOURCE_NAME = "thirdPartyNacosDefaults";

	/**
	 * After config data is loaded ({@code ConfigDataEnvironmentPostProcessor}, highest +
	 * 10), before Nacos checks for its import
	 * ({@code NacosConfigDataMissingEnvironmentPostProcessor}, highest + 1010).
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

	private static final String DEFAULT_PREFIX = "spring.cloud.nacos";

	private static final boolean NACOS_CONFIG_PRESENT = ClassUtils.isPresent(
			"com.alibaba.cloud.nacos.NacosPropertiesPrefixer",
			NacosDefaultsEnvironmentPostProcessor.class.getClassLoader());

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!NACOS_CONFIG_PRESENT) {
			return;
		}
		String prefix = Prefix.of(environment);
		if (usesNacos(environment, prefix)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME,
					Map.of(prefix + ".config.enabled", "false", prefix + ".config.import-check.enabled", "false")));
	}

	private static boolean usesNacos(ConfigurableEnvironment environment, String prefix) {
		Binder binder = Binder.get(environment);
		List<String> imports = binder.bind("spring.config.import", Bindable.listOf(String.class)).orElse(List.of());
		return imports.stream().anyMatch((location) -> location.contains("nacos:"))
				|| binder.bind(prefix + ".config.server-addr", String.class).isBound()
				|| binder.bind(prefix + ".server-addr", String.class).isBound();
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/**
	 * The prefix of Nacos's keys: {@code spring.cloud.nacos} unless the application moved
	 * it with {@code spring.nacos.properties.prefix}. Kept apart so that the
	 * post-processor loads without Nacos.
	 */
	private static final class Prefix {

		static String of(ConfigurableEnvironment environment) {
			String prefix = NacosPropertiesPrefixer.getPrefix(environment);
			return (prefix != null && !prefix.isBlank()) ? prefix : DEFAULT_PREFIX;
		}

	}

}
