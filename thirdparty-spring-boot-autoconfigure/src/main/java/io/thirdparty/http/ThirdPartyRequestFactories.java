package io.thirdparty.http;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.util.ClassUtils;

import io.thirdparty.ThirdPartyContext;
import io.thirdparty.config.ServiceProperties.Http;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;

/**
 * Gives the request factories of the HTTP clients the starter builds or routes: each
 * request is created with the connect and read timeouts of its service's
 * {@code third-party.<service>.http} as configured at that moment, so a reload applies to
 * the next request.
 * <p>
 * The factories are made by Boot's {@link ClientHttpRequestFactoryBuilder} (the HTTP
 * client library the application's own {@code RestClient.Builder} uses, or the one set
 * with {@code spring.http.clients.imperative.factory}); one is made per distinct set of
 * settings and kept, and each is closed with the application context. Apache HttpClient's
 * own retries are turned off: it would resend a 503 or a reset request to the same
 * provider, behind the pipeline's back, instead of letting retry and failover decide.
 */
public class ThirdPartyRequestFactories implements DisposableBean {

	private static final boolean HTTP_COMPONENTS_PRESENT = ClassUtils.isPresent(
			"org.apache.hc.client5.http.impl.classic.HttpClientBuilder",
			ThirdPartyRequestFactories.class.getClassLoader());

	private final ClientHttpRequestFactoryBuilder<?> builder;

	private final ServiceRegistry services;

	private final Http defaults;

	private final Map<HttpClientSettings, ClientHttpRequestFactory> factories = new ConcurrentHashMap<>();

	/**
	 * Creates the factories.
	 * @param builder makes a request factory for a set of settings
	 * @param services the services, for each one's current {@code http} settings
	 * @param defaults settings of requests made outside any service's attempt
	 * ({@code third-party.defaults.http})
	 */
	public ThirdPartyRequestFactories(ClientHttpRequestFactoryBuilder<?> builder, ServiceRegistry services,
			Http defaults) {
		this.builder = HTTP_COMPONENTS_PRESENT ? HttpComponents.withoutRetries(builder) : builder;
		this.services = services;
		this.defaults = defaults;
	}

	/**
	 * Returns the request factory of one service's clients.
	 * @param service the service whose {@code http} timeouts apply
	 * @param base other settings (redirects, SSL bundle); a timeout set here wins over
	 * the service's
	 * @return the request factory
	 */
	public ClientHttpRequestFactory forService(String service, HttpClientSettings base) {
		return new ServiceRequestFactory(service, base);
	}

	/**
	 * Returns a request factory whose timeouts are those of the service of the attempt
	 * each request is made in, or {@code third-party.defaults.http} outside an attempt.
	 * @param base other settings (redirects, SSL bundle); a timeout set here wins
	 * @return the request factory
	 */
	public ClientHttpRequestFactory forCurrentAttempt(HttpClientSettings base) {
		return new ServiceRequestFactory(null, base);
	}

	/**
	 * Returns the timeouts a request of a service gets now.
	 * @param service the service, or {@code null} for the current attempt's
	 * @param base settings whose timeouts, when set, win
	 * @return the complete settings
	 */
	HttpClientSettings settings(String service, HttpClientSettings base) {
		String name = (service != null) ? service
				: ThirdPartyContext.isActive() ? ThirdPartyContext.provider().service() : null;
		ServiceDefinition definition = (name != null) ? this.services.get(name) : null;
		Http http = (definition != null) ? definition.settings().getHttp() : this.defaults;
		Duration connect = (base.connectTimeout() != null) ? base.connectTimeout() : http.getConnectTimeout();
		Duration read = (base.readTimeout() != null) ? base.readTimeout() : http.getReadTimeout();
		return base.withTimeouts(connect, read);
	}

	@Override
	public void destroy() throws Exception {
		for (ClientHttpRequestFactory factory : this.factories.values()) {
			if (factory instanceof DisposableBean disposable) {
				disposable.destroy();
			}
			else if (factory instanceof AutoCloseable closeable) {
				closeable.close();
			}
		}
		this.factories.clear();
	}

	/** Kept apart so that the factories load without Apache HttpClient. */
	private static final class HttpComponents {

		static ClientHttpRequestFactoryBuilder<?> withoutRetries(ClientHttpRequestFactoryBuilder<?> builder) {
			return (builder instanceof HttpComponentsClientHttpRequestFactoryBuilder httpComponents)
					? httpComponents.withHttpClientCustomizer(HttpClientBuilder::disableAutomaticRetries) : builder;
		}

	}

	/** Creates each request with the timeouts its service has at that moment. */
	private final class ServiceRequestFactory implements ClientHttpRequestFactory {

		private final String service;

		private final HttpClientSettings base;

		ServiceRequestFactory(String service, HttpClientSettings base) {
			this.service = service;
			this.base = base;
		}

		@Override
		public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
			HttpClientSettings settings = settings(this.service, this.base);
			ClientHttpRequestFactory factory = ThirdPartyRequestFactories.this.factories.get(settings);
			if (factory == null) {
				factory = ThirdPartyRequestFactories.this.factories.computeIfAbsent(settings,
						ThirdPartyRequestFactories.this.builder::build);
			}
			return factory.createRequest(uri, httpMethod);
		}

	}

}
