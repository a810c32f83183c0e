package io.thirdparty.dashboard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import io.thirdparty.autoconfigure.ThirdPartyDashboardAutoConfiguration;
import io.thirdparty.autoconfigure.ThirdPartyEndpointAutoConfiguration;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PipelineRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions and settings of the dashboard's auto-configuration.
 */
class DashboardAutoConfigurationTests {

	private static final String ROUTES = ThirdPartyDashboardAutoConfiguration.ROUTES;

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("provider_a");

	private <R extends AbstractApplicationContextRunner<R, ?, ?>> R configure(R runner) {
		return runner.withConfiguration(AutoConfigurations.of(PipelineRunner.AUTO_CONFIGURATIONS))
			.withConfiguration(
					AutoConfigurations.of(EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class,
							ThirdPartyEndpointAutoConfiguration.class, ThirdPartyDashboardAutoConfiguration.class))
			.withPropertyValues("third-party.sms.providers[0].name=" + this.a.name(),
					"third-party.sms.providers[0].url=" + this.a.url());
	}

	private WebApplicationContextRunner web() {
		return configure(new WebApplicationContextRunner());
	}

	@Test
	void servedWhileTheEndpointIsExposedOverHttp() {
		web().withPropertyValues("management.endpoints.web.exposure.include=thirdparty")
			.run((context) -> assertThat(context).hasBean(ROUTES).hasSingleBean(DashboardProperties.class));
	}

	@Test
	void offByProperty() {
		web()
			.withPropertyValues("management.endpoints.web.exposure.include=thirdparty",
					"third-party.dashboard.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ROUTES));
	}

	@Test
	void notServedWhenTheEndpointIsNotExposedOverHttp() {
		web().withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ROUTES));
	}

	@Test
	void notServedWhenTheEndpointIsExposedOverJmxOnly() {
		web().withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=thirdparty")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ROUTES));
	}

	@Test
	void notServedWhenActuatorListensOnAnotherPort() {
		web().withPropertyValues("management.endpoints.web.exposure.include=thirdparty", "management.server.port=19999")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ROUTES));
	}

	@Test
	void notServedOutsideAServletWebApplication() {
		configure(new ApplicationContextRunner())
			.withPropertyValues("management.endpoints.web.exposure.include=thirdparty")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ROUTES));
	}

	@Test
	void dashboardIsNotAService() {
		web()
			.withPropertyValues("management.endpoints.web.exposure.include=thirdparty",
					"third-party.dashboard.path=/vendors")
			.run((context) -> assertThat(context.getBean(ServiceRegistry.class).all())
				.extracting((service) -> service.name())
				.containsExactly("sms"));
	}

	@Test
	void aPathThatIsNoPathFailsStartupNamingTheKey() {
		web()
			.withPropertyValues("management.endpoints.web.exposure.include=thirdparty",
					"third-party.dashboard.path=dashboard/")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidThirdPartyConfigurationException.class)
				.hasMessageContaining("third-party.dashboard.path"));
	}

	@Test
	void aRefreshIntervalUnder100msFailsStartupNamingTheKey() {
		web()
			.withPropertyValues("management.endpoints.web.exposure.include=thirdparty",
					"third-party.dashboard.refresh-interval=10ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidThirdPartyConfigurationException.class)
				.hasMessageContaining("third-party.dashboard.refresh-interval"));
	}

}
