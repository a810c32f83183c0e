package io.thirdparty.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.thirdparty.actuate.OverallStatusExclusion;
import io.thirdparty.actuate.ThirdPartyEndpoint;
import io.thirdparty.actuate.ThirdPartyEndpointWebExtension;
import io.thirdparty.actuate.ThirdPartyHealthContributor;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.health.ProviderHealthChecker;
import io.thirdparty.provider.ProviderControl;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PipelineRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions of the operations auto-configurations.
 */
class OperationsAutoConfigurationTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("provider_a");

	private ApplicationContextRunner runner() {
		return PipelineRunner.sms(this.a, 100)
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
					HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
					HealthEndpointAutoConfiguration.class, ThirdPartyHealthContributorAutoConfiguration.class,
					ThirdPartyEndpointAutoConfiguration.class));
	}

	@Test
	void providerHealthAndControlAreConfigured() {
		runner().run((context) -> assertThat(context).hasSingleBean(ProviderHealthChecker.class)
			.hasSingleBean(ProviderControl.class));
	}

	@Test
	void endpointIsConfiguredWhenExposed() {
		runner().withPropertyValues("management.endpoints.web.exposure.include=thirdparty")
			.run((context) -> assertThat(context).hasSingleBean(ThirdPartyEndpoint.class)
				.hasSingleBean(ThirdPartyEndpointWebExtension.class));
	}

	@Test
	void endpointBacksOffWhenNotExposed() {
		runner().run((context) -> assertThat(context).doesNotHaveBean(ThirdPartyEndpoint.class));
	}

	@Test
	void endpointBacksOffWhenAccessIsNone() {
		runner()
			.withPropertyValues("management.endpoints.web.exposure.include=thirdparty",
					"management.endpoint.thirdparty.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(ThirdPartyEndpoint.class));
	}

	@Test
	void endpointBacksOffWithoutActuator() {
		runner().withPropertyValues("management.endpoints.web.exposure.include=thirdparty")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ThirdPartyEndpoint.class));
	}

	@Test
	void healthContributorIsNamedThirdParty() {
		runner().run((context) -> {
			assertThat(context).hasSingleBean(ThirdPartyHealthContributor.class);
			HealthEndpoint health = context.getBean(HealthEndpoint.class);
			assertThat(health.healthForPath("thirdParty", "sms").getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void healthContributorCanBeSwitchedOff() {
		runner().withPropertyValues("management.health.thirdparty.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ThirdPartyHealthContributor.class));
	}

	@Test
	void healthContributorBacksOffWithoutSpringBootHealth() {
		PipelineRunner.sms(this.a, 100)
			.withConfiguration(AutoConfigurations.of(ThirdPartyHealthContributorAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ThirdPartyHealthContributor.class));
	}

	@Test
	void vendorsDownLeaveTheOverallStatusUpWhenExcluded() {
		runner()
			.withPropertyValues("third-party.health.include-in-overall-status=false",
					"management.endpoint.health.group.vendors.include=thirdParty")
			.run((context) -> {
				assertThat(context).hasSingleBean(OverallStatusExclusion.class);
				context.getBean(ProviderControl.class).disable("sms", "provider_a");
				HealthEndpoint health = context.getBean(HealthEndpoint.class);
				assertThat(health.health().getStatus()).isEqualTo(Status.UP);
				assertThat(health.healthForPath("vendors").getStatus()).isEqualTo(Status.DOWN);
			});
	}

	@Test
	void vendorsDownMakeTheOverallStatusDownByDefault() {
		runner().run((context) -> {
			assertThat(context).doesNotHaveBean(OverallStatusExclusion.class);
			context.getBean(ProviderControl.class).disable("sms", "provider_a");
			assertThat(context.getBean(HealthEndpoint.class).health().getStatus()).isEqualTo(Status.DOWN);
		});
	}

	@Test
	void healthCheckPathMustStartWithASlash() {
		runner().withPropertyValues("third-party.sms.health-check.path=health").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidThirdPartyConfigurationException.class)
				.hasMessageContaining("third-party.sms.health-check.path");
		});
	}

	@Test
	void healthCheckThresholdsMustBePositive() {
		runner().withPropertyValues("third-party.defaults.health-check.unhealthy-threshold=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("third-party.defaults.health-check.unhealthy-threshold");
		});
	}

}
