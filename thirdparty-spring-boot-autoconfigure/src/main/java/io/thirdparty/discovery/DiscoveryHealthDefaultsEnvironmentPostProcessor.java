package io.thirdparty.discovery;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Keeps Spring Cloud Commons' discovery health out of {@code /actuator/health} in
 * applications that use no service discovery. Spring Cloud Commons, which the starter
 * brings (for Spring Cloud CircuitBreaker and live configuration changes), registers a
 * {@code discoveryComposite} contributor over its {@code SimpleDiscoveryClient} that
 * stays UNKNOWN ("Discovery Client not initialized") for ever when nothing registers the
 * application anywhere. Unless a discovery client library is on the classpath or
 * {@code spring.cloud.discovery.client.simple.instances} is configured, both discovery
 * health indicators are turned off by default, in the lowest-precedence property source,
 * so any setting of the application wins. Does nothing without Spring Cloud Commons.
 */
public class DiscoveryHealthDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source holding the defaults. */
	public static final String PROPERTY_SOURCE_NAME = "thirdPartyDiscoveryHealthDefaults";

	/** Spring Cloud Commons' switch of the {@code discoveryComposite} contributor. */
	public static final String COMPOSITE_INDICATOR = "spring.cloud.discovery.client.composite-indicator.enabled";

	/**
	 * Spring Cloud Commons' switch of the indicator over its composite discovery client.
	 */
	public static final String HEALTH_INDICATOR = "spring.cloud.discovery.client.health-indicator.enabled";

	/**
	 * After config data is loaded ({@code ConfigDataEnvironmentPostProcessor}, highest +
	 * 10), so that the application's own settings are seen.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

	/**
	 * A class of each discovery client library whose presence means the application uses
	 * discovery: Nacos, Eureka, Consul, Zookeeper, Kubernetes (all its clients share
	 * spring-cloud-kubernetes-commons), Cloud Foundry.
	 */
	static final List<String> DISCOVERY_CLIENTS = List.of("com.alibaba.cloud.nacos.discovery.NacosDiscoveryClient",
			"org.springframework.cloud.netflix.eureka.EurekaDiscoveryClient",
			"org.springframework.cloud.consul.discovery.ConsulDiscoveryClient",
			"org.springframework.cloud.zookeeper.discovery.ZookeeperDiscoveryClient",
			"org.springframework.cloud.kubernetes.commons.discovery.KubernetesDiscoveryProperties",
			"org.springframework.cloud.cloudfoundry.discovery.CloudFoundryDiscoveryClient");

	private static final String COMMONS_DISCOVERY_CLIENT = "org.springframework.cloud.client.discovery.DiscoveryClient";

	private static final ConfigurationPropertyName SIMPLE_INSTANCES = ConfigurationPropertyName
		.of("spring.cloud.discovery.client.simple.instances");

	private final Predicate<String> present;

	/**
	 * Creates the post-processor, looking classes up on the application's class loader.
	 */
	public DiscoveryHealthDefaultsEnvironmentPostProcessor() {
		this(null);
	}

	/**
	 * Creates the post-processor with the test of which classes are present.
	 * @param present whether a class is on the classpath; {@code null} to look it up on
	 * the application's class loader
	 */
	DiscoveryHealthDefaultsEnvironmentPostProcessor(Predicate<String> present) {
		this.present = present;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Predicate<String> present = (this.present != null) ? this.present
				: (name) -> ClassUtils.isPresent(name, application.getClassLoader());
		if (!present.test(COMMONS_DISCOVERY_CLIENT) || usesDiscovery(environment, present)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME,
					Map.of(COMPOSITE_INDICATOR, "false", HEALTH_INDICATOR, "false")));
	}

	private static boolean usesDiscovery(ConfigurableEnvironment environment, Predicate<String> present) {
		if (DISCOVERY_CLIENTS.stream().anyMatch(present)) {
			return true;
		}
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source.containsDescendantOf(SIMPLE_INSTANCES) == ConfigurationPropertyState.PRESENT) {
				return true;
			}
		}
		return false;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
