package io.thirdparty.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

import io.thirdparty.actuate.ThirdPartyEndpoint.ProviderAction;
import io.thirdparty.actuate.ThirdPartyEndpoint.ServiceAction;
import io.thirdparty.actuate.ThirdPartyEndpoint.ServiceDescriptor;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;

/**
 * Web extension of the {@link ThirdPartyEndpoint}: a write operation on an unknown service or
 * provider answers 404, as reads do; a refused {@code cache-version} answers a JSON
 * {@code {status, error, message}}: 400 for a missing or invalid version or a service without a
 * cache, 409 when the configuration the version would be applied with is refused.
 */
@EndpointWebExtension(endpoint = ThirdPartyEndpoint.class)
public class ThirdPartyEndpointWebExtension {

	private static final int STATUS_CONFLICT = 409;

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
	 * @return the service as changed, 404, or the reason of a refusal
	 */
	@WriteOperation
	public WebEndpointResponse<Object> changeService(@Selector String service, ServiceAction action,
			@Nullable String version) {
		try {
			return respond(this.delegate.changeService(service, action, version));
		}
		catch (InvalidEndpointRequestException ex) {
			return error(WebEndpointResponse.STATUS_BAD_REQUEST, "Bad Request", ex.getReason());
		}
		catch (InvalidThirdPartyConfigurationException ex) {
			return error(STATUS_CONFLICT, "Conflict", "The cache version was not set: the configuration it would be "
					+ "applied with is refused, and the one in force stays. " + ex.getMessage() + ". Action: "
					+ ex.getAction());
		}
	}

	/**
	 * Acts on a provider; see {@link ThirdPartyEndpoint#changeProvider}.
	 * @param service the service name
	 * @param provider the provider name
	 * @param action what to do
	 * @return the service as changed, or 404
	 */
	@WriteOperation
	public WebEndpointResponse<Object> changeProvider(@Selector String service, @Selector String provider,
			ProviderAction action) {
		return respond(this.delegate.changeProvider(service, provider, action));
	}

	/**
	 * Evicts keys of a service's cache; see {@link ThirdPartyEndpoint#evictCache}.
	 * @param service the service name
	 * @param cache {@code cache}
	 * @param action {@code evict}
	 * @param keys the keys
	 * @return what was evicted, 404, or 400 with the reason
	 */
	@WriteOperation
	public WebEndpointResponse<Object> evictCache(@Selector String service, @Selector String cache,
			@Selector String action, @Nullable List<String> keys) {
		try {
			Object evicted = this.delegate.evictCache(service, cache, action, keys);
			return (evicted != null) ? new WebEndpointResponse<>(evicted, WebEndpointResponse.STATUS_OK)
					: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		catch (InvalidEndpointRequestException ex) {
			return error(WebEndpointResponse.STATUS_BAD_REQUEST, "Bad Request", ex.getReason());
		}
	}

	private static WebEndpointResponse<Object> respond(ServiceDescriptor descriptor) {
		return (descriptor != null) ? new WebEndpointResponse<>(descriptor, WebEndpointResponse.STATUS_OK)
				: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

	private static WebEndpointResponse<Object> error(int status, String error, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", status);
		body.put("error", error);
		body.put("message", message);
		return new WebEndpointResponse<>(body, status);
	}

}
