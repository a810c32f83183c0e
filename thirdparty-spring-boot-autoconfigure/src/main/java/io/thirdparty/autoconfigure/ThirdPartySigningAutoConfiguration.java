package io.thirdparty.autoconfigure;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.signing.ProviderAuthenticator;
import io.thirdparty.signing.ThirdPartyExchangeSigner;
import io.thirdparty.signing.ThirdPartyRequestSigner;

/**
 * Auto-configuration of outbound request authentication with each provider's
 * {@code third-party.<service>.providers[].auth}: a {@link ThirdPartyRequestSigner} for
 * {@code RestClient} and {@code RestTemplate}
 * ({@code builder.requestInterceptor(signer)}) and, when Spring WebFlux is present, a
 * {@link ThirdPartyExchangeSigner} for {@code WebClient}
 * ({@code builder.filter(signer)}).
 */
@AutoConfiguration(after = ThirdPartyAutoConfiguration.class,
		afterName = "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration")
@ConditionalOnClass(ClientHttpRequestInterceptor.class)
@ConditionalOnBean(ServiceRegistry.class)
public class ThirdPartySigningAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ProviderAuthenticator thirdPartyProviderAuthenticator(ServiceRegistry services, ObjectProvider<Clock> clock) {
		return new ProviderAuthenticator(services, clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	ThirdPartyRequestSigner thirdPartyRequestSigner(ProviderAuthenticator authenticator) {
		return new ThirdPartyRequestSigner(authenticator);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ExchangeFilterFunction.class)
	static class WebClientSigning {

		@Bean
		@ConditionalOnMissingBean
		ThirdPartyExchangeSigner thirdPartyExchangeSigner(ProviderAuthenticator authenticator) {
			return new ThirdPartyExchangeSigner(authenticator);
		}

	}

}
