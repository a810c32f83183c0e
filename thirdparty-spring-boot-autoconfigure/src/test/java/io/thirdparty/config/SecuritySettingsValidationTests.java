package io.thirdparty.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.thirdparty.config.ServiceProperties.ProviderProperties;
import io.thirdparty.signing.AuthType;
import io.thirdparty.test.Secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Checks of each provider's {@code callback} and {@code auth} settings: the key is named,
 * and no credential ever appears in the failure.
 */
class SecuritySettingsValidationTests {

	private final ServiceConfigValidator validator = new ServiceConfigValidator();

	private InvalidThirdPartyConfigurationException failure(Consumer<ProviderProperties> settings) {
		ServiceProperties service = new ServiceProperties();
		ProviderProperties provider = new ProviderProperties();
		provider.setName("a");
		provider.setUrl("https://a.example");
		settings.accept(provider);
		service.getProviders().add(provider);
		Map<String, ServiceProperties> services = new LinkedHashMap<>();
		services.put("pay", service);
		return catchThrowableOfType(InvalidThirdPartyConfigurationException.class,
				() -> this.validator.validate(services));
	}

	@Test
	void hmacWithoutSecretIsRefused() {
		InvalidThirdPartyConfigurationException ex = failure((p) -> p.getAuth().setType(AuthType.HMAC));
		assertThat(ex.getProperty()).isEqualTo("third-party.pay.providers[0].auth.secret");
	}

	@Test
	void unknownHmacAlgorithmIsRefused() {
		InvalidThirdPartyConfigurationException ex = failure((p) -> {
			p.getAuth().setType(AuthType.HMAC);
			p.getAuth().setSecret(Secrets.random());
			p.getAuth().setAlgorithm("HmacMD17");
		});
		assertThat(ex.getProperty()).isEqualTo("third-party.pay.providers[0].auth.algorithm");
	}

	@Test
	void apiKeyWithABadHeaderNameIsRefusedWithoutShowingTheKey() {
		String key = Secrets.random();
		InvalidThirdPartyConfigurationException ex = failure((p) -> {
			p.getAuth().setType(AuthType.API_KEY);
			p.getAuth().setKey(key);
			p.getAuth().setHeaderName("X Api Key");
		});
		assertThat(ex.getProperty()).isEqualTo("third-party.pay.providers[0].auth.header-name");
		assertThat(ex.getMessage() + ex.getAction() + ex.getValue()).doesNotContain(key);
	}

	@Test
	void unresolvedPlaceholderInACallbackSecretIsRefused() {
		InvalidThirdPartyConfigurationException ex = failure(
				(p) -> p.getCallback().setSecret("${PAY_CALLBACK_SECRET}"));
		assertThat(ex.getProperty()).isEqualTo("third-party.pay.providers[0].callback.secret");
		assertThat(ex.getReason()).contains("not set");
	}

	@Test
	void blankCallbackTokenIsRefused() {
		InvalidThirdPartyConfigurationException ex = failure((p) -> p.getCallback().setToken("  "));
		assertThat(ex.getProperty()).isEqualTo("third-party.pay.providers[0].callback.token");
	}

	@Test
	void malformedAllowedSourceIsRefused() {
		InvalidThirdPartyConfigurationException ex = failure(
				(p) -> p.getCallback().getAllowedSources().add("10.0.0.0/40"));
		assertThat(ex.getProperty()).isEqualTo("third-party.pay.providers[0].callback.allowed-sources[0]");
	}

	@Test
	void completeSettingsPass() {
		assertThat(failure((p) -> {
			p.getAuth().setType(AuthType.HMAC);
			p.getAuth().setSecret(Secrets.random());
			p.getAuth().setKey(Secrets.random());
			p.getCallback().setSecret(Secrets.random());
			p.getCallback().getAllowedSources().add("203.0.113.0/24");
		})).isNull();
	}

	@Test
	void settingsDescribeThemselvesWithoutCredentials() {
		ProviderProperties provider = new ProviderProperties();
		String secret = Secrets.random();
		provider.getAuth().setSecret(secret);
		provider.getCallback().setToken(secret);
		assertThat(provider.getAuth().toString() + provider.getCallback()).doesNotContain(secret);
	}

}
