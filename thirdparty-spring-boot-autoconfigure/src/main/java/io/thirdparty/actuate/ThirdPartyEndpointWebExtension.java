package io.thirdparty.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

import io.thirdparty.actuate.ThirdPartyEndpoint.ProviderAction;
import io.thirdparty.actuate.ThirdPartyEndpoint.ServiceAction;
import io.thirdparty.actuate.ThirdPartyEndpoint.ServiceDescriptor;

/**
 * Web extension of the {@link ThirdPartyEndpoint}: a write operation on an unknown service or
 * provider answers 404, as reads do.
 */
@EndpointWebExtension(endpoint = ThirdPartyEndpoint.class)
public class ThirdPartyEndpointWebExtension {

	private final ThirdPartyEndpoint delegate;

	/**
	 * Creates the extension.
	 * @param delegate the endpoint
	 */
	public ThirdPartyEndpointWebExtension(ThirdPartyEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * Acts on a service; see {@link ThirdPartyEndpoint#changeService}.
	 * @param service the service name
	 * @param action what to do
	 * @param version the new cache version, for {@code cache-version}
	 * @return the service as changed, or 404
	 */
	@WriteOperation
	public WebEndpointResponse<ServiceDescriptor> changeService(@Selector String service, ServiceAction action,
			@Nullable String version) {
		return respond(this.delegate.changeService(service, action, version));
	}

	/**
	 * Acts on a provider; see {@link ThirdPartyEndpoint#changeProvider}.
	 * @param service the service name
	 * @param provider the provider name
	 * @param action what to do
	 * @return the service as changed, or 404
	 */
	@WriteOperation
	public WebEndpointResponse<ServiceDescriptor> changeProvider(@Selector String service,
			@Selector String provider, ProviderAction action) {
		return respond(this.delegate.changeProvider(service, provider, action));
	}

	private static WebEndpointResponse<ServiceDescriptor> respond(ServiceDescriptor descriptor) {
		return (descriptor != null) ? new WebEndpointResponse<>(descriptor, WebEndpointResponse.STATUS_OK)
				: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

}
