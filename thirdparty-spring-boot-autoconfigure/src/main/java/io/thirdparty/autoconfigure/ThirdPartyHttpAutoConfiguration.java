package io.thirdparty.autoconfigure;

import java.util.function.Function;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.HttpClientProperties;
import org.springframework.boot.http.client.autoconfigure.HttpClientSettingsPropertyMapper;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

import io.thirdparty.config.ThirdPartyProperties;
import io.thirdparty.http.ThirdPartyHttpServiceGroupConfigurer;
import io.thirdparty.http.ThirdPartyRequestFactories;
import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.signing.ThirdPartyRequestSigner;
import io.thirdparty.signing.ThirdPartyRestClients;

/**
 * Auto-configuration of the starter's HTTP clients: request factories bounded by each
 * service's {@code third-party.<service>.http} connect and read timeouts, made by Boot's
 * {@link ClientHttpRequestFactoryBuilder} (so the starter uses the HTTP client library
 * the application uses); {@link ThirdPartyRestClients} for an adapter's own
 * {@code RestClient}; and the routing of declarative HTTP service groups named like a
 * service ({@link ThirdPartyHttpServiceGroupConfigurer}).
 */
@AutoConfiguration(after = { ThirdPartyAutoConfiguration.class, ThirdPartySigningAutoConfiguration.class },
		afterName = { "org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration",
				"org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration",
				"org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration",
				"org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration" })
@ConditionalOnClass({ RestClient.class, ClientHttpRequestFactoryBuilder.class })
@ConditionalOnBean(ServiceRegistry.class)
public class ThirdPartyHttpAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ThirdPartyRequestFactories thirdPartyRequestFactories(ResourceLoader resourceLoader,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> builder, ServiceRegistry services,
			ThirdPartyProperties properties) {
		return new ThirdPartyRequestFactories(
				builder.getIfAvailable(() -> ClientHttpRequestFactoryBuilder.detect(resourceLoader.getClassLoader())),
				services, properties.getDefaults().getHttp());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ThirdPartyRequestSigner.class)
	ThirdPartyRestClients thirdPartyRestClients(ObjectProvider<RestClient.Builder> builders,
			ThirdPartyRequestSigner signer, ThirdPartyRequestFactories requestFactories,
			ObjectProvider<HttpClientSettings> settings) {
		return new ThirdPartyRestClients(() -> builders.getIfAvailable(RestClient::builder), signer, requestFactories,
				withoutTimeouts(settings.getIfAvailable(HttpClientSettings::defaults)));
	}

	/**
	 * Returns the application's client settings (spring.http.clients) without their
	 * timeouts, which the services' own replace.
	 */
	static HttpClientSettings withoutTimeouts(HttpClientSettings settings) {
		return new HttpClientSettings(settings.redirects(), null, null, settings.sslBundle());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientHttpServiceGroupConfigurer.class)
	@ConditionalOnBean(ThirdPartyRequestSigner.class)
	static class HttpServiceGroupRouting {

		@Bean
		@ConditionalOnMissingBean
		ThirdPartyHttpServiceGroupConfigurer thirdPartyHttpServiceGroupConfigurer(ServiceRegistry services,
				ThirdPartyRequestFactories requestFactories, ThirdPartyRequestSigner signer,
				ObjectProvider<HttpServiceClientProperties> groupProperties, ObjectProvider<SslBundles> sslBundles,
				ObjectProvider<HttpClientSettings> settings) {
			HttpClientSettingsPropertyMapper mapper = new HttpClientSettingsPropertyMapper(sslBundles.getIfAvailable(),
					withoutTimeouts(settings.getIfAvailable(HttpClientSettings::defaults)));
			Function<String, HttpClientSettings> groupSettings = (group) -> {
				HttpServiceClientProperties all = groupProperties.getIfAvailable();
				HttpClientProperties properties = (all != null) ? all.get(group) : null;
				return mapper.map(properties);
			};
			return new ThirdPartyHttpServiceGroupConfigurer(services, requestFactories, groupSettings, signer);
		}

	}

}
