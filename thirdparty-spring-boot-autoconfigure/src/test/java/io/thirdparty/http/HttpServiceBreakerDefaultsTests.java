package io.thirdparty.http;

import java.io.IOException;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.CommonsClientAutoConfiguration;
import org.springframework.cloud.client.circuitbreaker.httpservice.CircuitBreakerRestClientHttpServiceGroupConfigurer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.HttpRunner;
import io.thirdparty.test.Secrets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Cloud Commons' circuit breaker for HTTP service groups, which would run each
 * request of a {@code @ThirdPartyCall} interface on its own thread pool, outside the
 * attempt, is off unless the application turns it on.
 */
class HttpServiceBreakerDefaultsTests {

	private final FakeVendor a = FakeVendor.start("vendor_a");

	private final FakeVendor b = FakeVendor.start("vendor_b");

	@AfterEach
	void stop() {
		this.a.close();
		this.b.close();
	}

	private ApplicationContextRunner price() {
		return HttpRunner.price(this.a, "/v2", Secrets.random(), this.b, Secrets.random())
			.withConfiguration(AutoConfigurations.of(CommonsClientAutoConfiguration.class))
			.withUserConfiguration(DeclarativeClientTests.PriceApis.class)
			.withInitializer((context) -> new HttpServiceBreakerDefaultsEnvironmentPostProcessor()
				.postProcessEnvironment(((ConfigurableApplicationContext) context).getEnvironment(), null));
	}

	@Test
	void declarativeCallIsRoutedInAnApplicationWithSpringCloudCircuitBreaker() {
		price().run((context) -> {
			assertThat(context).doesNotHaveBean(CircuitBreakerRestClientHttpServiceGroupConfigurer.class);
			assertThat(context.getBean(PriceApi.class).price("S1").vendor()).isEqualTo("vendor_a");
			assertThat(this.a.received()).singleElement()
				.satisfies((request) -> assertThat(request.target()).isEqualTo("/v2/prices/S1"));
		});
	}

	@Test
	void applicationSettingWins() {
		price().withPropertyValues(HttpServiceBreakerDefaultsEnvironmentPostProcessor.PROPERTY + "=true")
			.run((context) -> assertThat(context)
				.hasSingleBean(CircuitBreakerRestClientHttpServiceGroupConfigurer.class));
	}

	@Test
	void postProcessorIsRegistered() throws IOException {
		Properties factories = PropertiesLoaderUtils.loadProperties(new UrlResource(
				HttpServiceBreakerDefaultsEnvironmentPostProcessor.class.getResource("/META-INF/spring.factories")));
		assertThat(factories.getProperty(EnvironmentPostProcessor.class.getName()).split(","))
			.contains(HttpServiceBreakerDefaultsEnvironmentPostProcessor.class.getName());
	}

}
