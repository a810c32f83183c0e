package io.thirdparty.nacos;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nacos Config stays off unless the application configures Nacos.
 */
class NacosDefaultsEnvironmentPostProcessorTests {

	private final NacosDefaultsEnvironmentPostProcessor processor = new NacosDefaultsEnvironmentPostProcessor();

	@Test
	void disablesNacosConfigWithoutNacosSettings() {
		MockEnvironment environment = new MockEnvironment();
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.cloud.nacos.config.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("spring.cloud.nacos.config.import-check.enabled")).isEqualTo("false");
	}

	@Test
	void leavesNacosAloneWhenImported() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.config.import",
				"optional:nacos:app.yaml");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.cloud.nacos.config.enabled")).isNull();
	}

	@Test
	void leavesNacosAloneWhenAServerIsConfigured() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.cloud.nacos.server-addr",
				"127.0.0.1:8848");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.cloud.nacos.config.enabled")).isNull();
	}

	@Test
	void explicitSettingWins() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.cloud.nacos.config.enabled", "true");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.cloud.nacos.config.enabled")).isEqualTo("true");
	}

}
