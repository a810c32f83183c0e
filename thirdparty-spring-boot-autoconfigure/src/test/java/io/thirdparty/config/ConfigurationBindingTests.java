package io.thirdparty.config;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;

import io.thirdparty.Provider;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.provider.Strategy;
import io.thirdparty.test.PipelineRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's YAML shape and the canonical one bind alike, with defaults inherited key by
 * key.
 */
class ConfigurationBindingTests {

	@ParameterizedTest
	@ValueSource(strings = { "seed", "canonical" })
	void servicesBindFromEitherPrefix(String file) {
		PipelineRunner.create()
			.withInitializer(new ConfigDataApplicationContextInitializer())
			.withPropertyValues("spring.config.location=classpath:config-binding/" + file + ".yml")
			.run((context) -> {
				ServiceRegistry registry = context.getBean(ServiceRegistry.class);
				assertThat(registry.all()).extracting(ServiceDefinition::name).containsExactly("sms", "user_info");
				ServiceDefinition sms = registry.get("sms");
				assertThat(sms.providers()).extracting(Provider::name, Provider::url, Provider::weight)
					.containsExactly(org.assertj.core.groups.Tuple.tuple("provider_a", "https://api.smsa.com", 60),
							org.assertj.core.groups.Tuple.tuple("provider_b", "https://api.smsb.com", 40));
				assertThat(sms.settings().getStrategy()).isEqualTo(Strategy.WEIGHTED);
			});
	}

	@Test
	void servicesInheritDefaultsAndOverrideThemKeyByKey() {
		PipelineRunner.create()
			.withInitializer(new ConfigDataApplicationContextInitializer())
			.withPropertyValues("spring.config.location=classpath:config-binding/seed.yml")
			.run((context) -> {
				ServiceRegistry registry = context.getBean(ServiceRegistry.class);
				ServiceProperties sms = registry.get("sms").settings();
				assertThat(sms.getTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(sms.getRetry().getMaxAttempts()).isEqualTo(4);
				assertThat(sms.getRetry().getBackoff()).isEqualTo(Duration.ofMillis(150));
				assertThat(sms.getCircuitBreaker().getFailureRateThreshold()).isEqualTo(40);
				assertThat(sms.getCircuitBreaker().getMinimumCalls()).isEqualTo(10);
				ServiceProperties users = registry.get("user_info").settings();
				assertThat(users.getTimeout()).isEqualTo(Duration.ofMillis(500));
				assertThat(users.getRetry().getMaxAttempts()).isEqualTo(1);
				assertThat(users.getRetry().getBackoff()).isEqualTo(Duration.ofMillis(150));
				assertThat(users.getCircuitBreaker().getWaitInOpen()).isEqualTo(Duration.ofSeconds(30));
			});
	}

	@Test
	void providerDefaultsAndMetadataBind() {
		PipelineRunner.create()
			.withInitializer(new ConfigDataApplicationContextInitializer())
			.withPropertyValues("spring.config.location=classpath:config-binding/seed.yml", "USERS_KEY=k-123")
			.run((context) -> {
				Provider primary = context.getBean(ServiceRegistry.class).get("user_info").provider(0);
				assertThat(primary.weight()).isEqualTo(100);
				assertThat(primary.priority()).isZero();
				assertThat(primary.metadata()).containsEntry("api-key-ref", "k-123");
				assertThat(primary.toString()).doesNotContain("k-123");
			});
	}

	@Test
	void reservedSectionsAreNotServices() {
		PipelineRunner.create()
			.withPropertyValues("third-party.sms.providers[0].name=a",
					"third-party.sms.providers[0].url=http://a.example", "third-party.async.executor.max-size=4",
					"third-party.callbacks.require-https=false")
			.run((context) -> assertThat(context.getBean(ServiceRegistry.class).all())
				.extracting(ServiceDefinition::name)
				.containsExactly("sms"));
	}

}
