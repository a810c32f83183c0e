package io.thirdparty.http;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.client.RestClient;

import io.thirdparty.test.HttpRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's own {@link RestClient.Builder} keeps the request factory Boot chose
 * for it: the starter's HTTP auto-configuration routes and bounds only its own clients.
 */
class ApplicationRestClientTests {

	private final ApplicationContextRunner withoutStarter = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class));

	private final ApplicationContextRunner withStarter = HttpRunner.create()
		.withPropertyValues("third-party.sms.providers[0].name=a",
				"third-party.sms.providers[0].url=http://127.0.0.1:1");

	@Test
	void applicationBuilderGetsTheSameRequestFactoryClassAsWithoutTheStarter() {
		Class<?>[] without = new Class<?>[1];
		this.withoutStarter.run((context) -> without[0] = requestFactoryClass(context));
		this.withStarter.run((context) -> {
			assertThat(context).hasSingleBean(ThirdPartyRequestFactories.class);
			assertThat(requestFactoryClass(context)).isEqualTo(without[0]);
		});
	}

	@Test
	void documentedSettingKeepsTheJdkClientWithTheStarter() {
		this.withStarter.withPropertyValues("spring.http.clients.imperative.factory=jdk")
			.run((context) -> assertThat(requestFactoryClass(context)).isEqualTo(JdkClientHttpRequestFactory.class));
	}

	private static Class<?> requestFactoryClass(ApplicationContext context) {
		RestClient.Builder builder = context.getBean(RestClient.Builder.class);
		ClientHttpRequestFactory factory = (ClientHttpRequestFactory) ReflectionTestUtils.getField(builder,
				"requestFactory");
		assertThat(factory).isNotNull();
		return factory.getClass();
	}

}
