package io.thirdparty.discovery;

import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.CommonsClientAutoConfiguration;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Cloud Commons' discovery health, UNKNOWN for ever without discovery, is off
 * unless the application uses discovery.
 */
class DiscoveryHealthDefaultsEnvironmentPostProcessorTests {

	private static final String COMPOSITE_BEAN = "discoveryCompositeHealthContributor";

	private final MockEnvironment environment = new MockEnvironment();

	@Test
	void withoutDiscoveryBothIndicatorsAreOff() {
		postProcess(Set.of("org.springframework.cloud.client.discovery.DiscoveryClient"));
		assertThat(this.environment.getProperty(DiscoveryHealthDefaultsEnvironmentPostProcessor.COMPOSITE_INDICATOR))
			.isEqualTo("false");
		assertThat(this.environment.getProperty(DiscoveryHealthDefaultsEnvironmentPostProcessor.HEALTH_INDICATOR))
			.isEqualTo("false");
	}

	@Test
	void discoveryClientLibraryOnTheClasspathLeavesTheIndicatorsOn() {
		postProcess(Set.of("org.springframework.cloud.client.discovery.DiscoveryClient",
				"com.alibaba.cloud.nacos.discovery.NacosDiscoveryClient"));
		assertThat(this.environment.getPropertySources()
			.contains(DiscoveryHealthDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
	}

	@Test
	void simpleDiscoveryInstancesLeaveTheIndicatorsOn() {
		this.environment.setProperty("spring.cloud.discovery.client.simple.instances.sms[0].uri", "http://127.0.0.1:1");
		postProcess(Set.of("org.springframework.cloud.client.discovery.DiscoveryClient"));
		assertThat(this.environment.getPropertySources()
			.contains(DiscoveryHealthDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
	}

	@Test
	void explicitSettingWinsOverTheDefault() {
		this.environment.setProperty(DiscoveryHealthDefaultsEnvironmentPostProcessor.COMPOSITE_INDICATOR, "true");
		postProcess(Set.of("org.springframework.cloud.client.discovery.DiscoveryClient"));
		assertThat(this.environment.getProperty(DiscoveryHealthDefaultsEnvironmentPostProcessor.COMPOSITE_INDICATOR))
			.isEqualTo("true");
	}

	@Test
	void withoutSpringCloudCommonsNothingIsAdded() {
		postProcess(Set.of());
		assertThat(this.environment.getPropertySources()
			.contains(DiscoveryHealthDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
	}

	@Test
	void applicationWithoutDiscoveryHasNoDiscoveryCompositeContributor() {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.containsBean(COMPOSITE_BEAN)).isFalse();
			assertThat(context.getEnvironment()
				.getPropertySources()
				.contains(DiscoveryHealthDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isTrue();
		}
	}

	@Test
	void applicationWithSimpleDiscoveryKeepsSpringCloudsContributor() {
		try (ConfigurableApplicationContext context = run(
				"--spring.cloud.discovery.client.simple.instances.sms[0].uri=http://127.0.0.1:1")) {
			assertThat(context.containsBean(COMPOSITE_BEAN)).isTrue();
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		return new SpringApplicationBuilder(DiscoveryApplication.class).web(WebApplicationType.NONE).run(args);
	}

	private void postProcess(Set<String> present) {
		new DiscoveryHealthDefaultsEnvironmentPostProcessor(present::contains).postProcessEnvironment(this.environment,
				new SpringApplication());
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ UtilAutoConfiguration.class, SimpleDiscoveryClientAutoConfiguration.class,
			CompositeDiscoveryClientAutoConfiguration.class, CommonsClientAutoConfiguration.class })
	static class DiscoveryApplication {

	}

}
