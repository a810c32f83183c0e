package io.thirdparty.nacos;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nacos Config stays off, and quiet, unless the application has Nacos settings.
 */
class NacosDefaultsEnvironmentPostProcessorTests {

	private final MockEnvironment environment = new MockEnvironment();

	@Test
	void withoutNacosSettingsNacosConfigAndItsImportCheckAreOff() {
		postProcess();
		assertThat(this.environment.getProperty("spring.cloud.nacos.config.enabled")).isEqualTo("false");
		assertThat(this.environment.getProperty("spring.cloud.nacos.config.import-check.enabled")).isEqualTo("false");
	}

	@Test
	void nacosImportInACommaSeparatedValueLeavesNacosOn() {
		this.environment.setProperty("spring.config.import", "classpath:extra.yml,optional:nacos:app.yaml");
		postProcess();
		assertThat(this.environment.getPropertySources()
			.contains(NacosDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
	}

	@Test
	void nacosImportInAYamlListLeavesNacosOn() {
		this.environment.setProperty("spring.config.import[0]", "classpath:extra.yml");
		this.environment.setProperty("spring.config.import[1]", "optional:nacos:app.yaml");
		postProcess();
		assertThat(this.environment.getPropertySources()
			.contains(NacosDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
	}

	@Test
	void nacosServerAddressLeavesNacosOn() {
		this.environment.setProperty("spring.cloud.nacos.server-addr", "127.0.0.1:8848");
		postProcess();
		assertThat(this.environment.getPropertySources()
			.contains(NacosDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
	}

	@Test
	void explicitSettingWinsOverTheDefault() {
		this.environment.setProperty("spring.cloud.nacos.config.enabled", "true");
		postProcess();
		assertThat(this.environment.getProperty("spring.cloud.nacos.config.enabled")).isEqualTo("true");
	}

	private void postProcess() {
		new NacosDefaultsEnvironmentPostProcessor().postProcessEnvironment(this.environment, new SpringApplication());
	}

}
