package io.thirdparty.http;

import java.util.function.Function;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.core.Ordered;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.service.registry.HttpServiceGroup;

import io.thirdparty.provider.ServiceRegistry;

/**
 * Routes the HTTP service groups named like a {@code third-party} service
 * ({@code @ImportHttpServices(group = "price", types = PriceApi.class)} with
 * {@code third-party.price.providers} configured): each request goes to the provider of
 * the current attempt ({@link ProviderRoutingInterceptor}), is signed with that
 * provider's credentials (the signer, the last interceptor), and is bounded by
 * {@code third-party.<service>.http} timeouts; methods may return
 * {@code CompletableFuture} ({@link FutureExchangeAdapter}).
 * <p>
 * Runs after Boot's configurers, so {@code spring.http.serviceclient.<group>} default
 * headers, API version, redirects and SSL bundle still apply, and so do its connect and
 * read timeouts when set for the group. Its {@code base-url} does not: the provider's url
 * replaces it. Groups whose name is not a configured service are left alone.
 */
public class ThirdPartyHttpServiceGroupConfigurer implements RestClientHttpServiceGroupConfigurer {

	private final ServiceRegistry services;

	private final ThirdPartyRequestFactories requestFactories;

	private final Function<String, HttpClientSettings> groupSettings;

	private final ClientHttpRequestInterceptor signer;

	/**
	 * Creates the configurer.
	 * @param services the configured services, whose names select the groups
	 * @param requestFactories gives each group's request factory
	 * @param groupSettings gives a group's own {@code spring.http.serviceclient.<group>}
	 * settings, without timeouts where the group sets none
	 * @param signer adds the provider's credentials to each request
	 */
	public ThirdPartyHttpServiceGroupConfigurer(ServiceRegistry services, ThirdPartyRequestFactories requestFactories,
			Function<String, HttpClientSettings> groupSettings, ClientHttpRequestInterceptor signer) {
		this.services = services;
		this.requestFactories = requestFactories;
		this.groupSettings = groupSettings;
		this.signer = signer;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void configureGroups(Groups<RestClient.Builder> groups) {
		groups.filter(this::isService).forEachGroup((group, client, proxyFactory) -> {
			client
				.requestFactory(this.requestFactories.forService(group.name(), this.groupSettings.apply(group.name())));
			client.requestInterceptors((interceptors) -> {
				interceptors.add(0, new ProviderRoutingInterceptor(group.name()));
				interceptors.add(this.signer);
			});
			proxyFactory.exchangeAdapterDecorator(FutureExchangeAdapter::new);
		});
	}

	private boolean isService(HttpServiceGroup group) {
		return this.services.get(group.name()) != null;
	}

}
