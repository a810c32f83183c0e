package io.thirdparty.http;

import java.io.IOException;
import java.net.URI;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;

import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyContext;

/**
 * Sends each request of a declarative client to the provider chosen for the current
 * attempt: the exchange's path and query are appended to the provider's url, path prefix
 * included, so provider url {@code https://api.example.com/v2} and
 * {@code @GetExchange("/prices/{sku}")} give
 * {@code https://api.example.com/v2/prices/S1}. The first interceptor of the client, so
 * that every later one (the signer among them) sees the provider's URL.
 */
public class ProviderRoutingInterceptor implements ClientHttpRequestInterceptor {

	private final String service;

	/**
	 * Creates the interceptor of one service's clients.
	 * @param service the service whose attempts the requests are made in
	 */
	public ProviderRoutingInterceptor(String service) {
		this.service = service;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		if (!ThirdPartyContext.isActive()) {
			throw new IllegalStateException("A request of HTTP service group '" + this.service
					+ "' was made outside a @ThirdPartyCall attempt, so no provider is chosen: annotate the method "
					+ "or its interface with @ThirdPartyCall(service = \"" + this.service + "\")");
		}
		Provider provider = ThirdPartyContext.provider();
		if (!this.service.equals(provider.service())) {
			throw new IllegalStateException("A request of HTTP service group '" + this.service
					+ "' was made inside an attempt of service '" + provider.service() + "': annotate the method "
					+ "or its interface with @ThirdPartyCall(service = \"" + this.service + "\")");
		}
		URI target = target(provider.url(), request.getURI());
		return execution.execute(new HttpRequestWrapper(request) {

			@Override
			public URI getURI() {
				return target;
			}

		}, body);
	}

	/**
	 * Returns the URL of a request on a provider.
	 * @param baseUrl the provider's url, possibly with a path
	 * @param request the request's URL as the client built it (relative, or on another
	 * base URL)
	 * @return the provider's scheme, host and port, its path followed by the request's
	 * path, and the request's query
	 */
	static URI target(String baseUrl, URI request) {
		String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		String path = (request.getRawPath() != null) ? request.getRawPath() : "";
		if (!path.isEmpty() && !path.startsWith("/")) {
			path = "/" + path;
		}
		String query = (request.getRawQuery() != null) ? "?" + request.getRawQuery() : "";
		return URI.create(base + path + query);
	}

}
