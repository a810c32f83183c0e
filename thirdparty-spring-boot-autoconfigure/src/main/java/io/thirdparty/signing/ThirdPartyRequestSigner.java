package io.thirdparty.signing;

import java.io.IOException;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyContext;
import io.thirdparty.config.ServiceProperties.Auth;

/**
 * Authenticates {@code RestClient} and {@code RestTemplate} requests made inside a
 * {@code @ThirdPartyCall} with the credentials of the attempt's provider, so a failover
 * to the next provider signs with that provider's own secret. Add it in one line:
 * <pre class="code">
 * RestClient rest = builder.requestInterceptor(signer).build();
 * restTemplate.getInterceptors().add(signer);
 * </pre> Requests made outside an attempt, or to a URL that is not the provider's, pass
 * unchanged. See {@link ProviderAuthenticator} for what is added.
 */
public class ThirdPartyRequestSigner implements ClientHttpRequestInterceptor {

	private final ProviderAuthenticator authenticator;

	/**
	 * Creates a signer.
	 * @param authenticator adds the credentials
	 */
	public ThirdPartyRequestSigner(ProviderAuthenticator authenticator) {
		this.authenticator = authenticator;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		if (ThirdPartyContext.isActive()) {
			Provider provider = ThirdPartyContext.provider();
			Auth auth = this.authenticator.settingsFor(provider, request.getURI());
			if (auth != null) {
				this.authenticator.authenticate(auth, request.getMethod().name(), request.getURI(), body,
						request.getHeaders());
			}
		}
		return execution.execute(request, body);
	}

}
