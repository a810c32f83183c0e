package io.thirdparty.callback;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.HandlerInterceptor;

import io.thirdparty.ThirdPartyCallback;
import io.thirdparty.autoconfigure.ThirdPartyCallbackAutoConfiguration;
import io.thirdparty.cache.redis.RedisAvailability;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.RedisServers;
import io.thirdparty.test.Secrets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When callback verification is configured, with what, and how bad settings fail startup.
 */
class CallbackAutoConfigurationTests {

	private final String secret = Secrets.random();

	private WebApplicationContextRunner web() {
		return new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PipelineRunner.AUTO_CONFIGURATIONS))
			.withConfiguration(AutoConfigurations.of(HttpMessageConvertersAutoConfiguration.class,
					DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
					ThirdPartyCallbackAutoConfiguration.class))
			.withPropertyValues("third-party.pay.providers[0].name=alipay",
					"third-party.pay.providers[0].url=https://alipay.example",
					"third-party.pay.providers[0].callback.secret=" + this.secret);
	}

	@Test
	void servletApplicationGetsVerificationWithNoncesInMemoryWithoutRedis() {
		web().withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class)).run((context) -> {
			assertThat(context).hasSingleBean(CallbackInterceptor.class).hasSingleBean(CallbackEndpoints.class);
			assertThat(context.getBean(NonceStore.class)).isInstanceOf(LocalNonceStore.class);
		});
	}

	@Test
	void applicationWithRedisKeepsNoncesInRedis() {
		web().withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues(RedisServers.find().springProperties())
			.run((context) -> assertThat(context.getBean(NonceStore.class)).isInstanceOf(RedisNonceStore.class));
	}

	@Test
	void noncesFollowTheStartersOneRedisOutageTracker() {
		String prefix = RedisServers.uniquePrefix("nonce-outage");
		web().withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues(RedisServers.find().springProperties())
			.withPropertyValues("third-party.callbacks.nonce-key-prefix=" + prefix)
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisAvailability.class);
				context.getBean(RedisAvailability.class).failed(new IllegalStateException("outage seen by the cache"));
				String nonce = "pay:alipay:" + UUID.randomUUID();
				assertThat(context.getBean(NonceStore.class).claim(nonce, Duration.ofMinutes(1))).isTrue();
				assertThat(context.getBean(NonceStore.class).claim(nonce, Duration.ofMinutes(1))).isFalse();
				StringRedisTemplate redis = new StringRedisTemplate(context.getBean(RedisConnectionFactory.class));
				assertThat(redis.hasKey(prefix + nonce)).as("asked Redis during the outage").isFalse();
			});
	}

	@Test
	void localNonceStoreCanBeChosenDespiteRedis() {
		web().withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("third-party.callbacks.nonce-store=local")
			.run((context) -> assertThat(context.getBean(NonceStore.class)).isInstanceOf(LocalNonceStore.class));
	}

	@Test
	void requiringRedisWithoutItFailsStartup() {
		web().withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.withPropertyValues("third-party.callbacks.nonce-store=redis")
			.run((context) -> assertThat(invalid(context).getProperty())
				.isEqualTo("third-party.callbacks.nonce-store"));
	}

	@Test
	void backsOffOutsideServletApplications() {
		PipelineRunner.create()
			.withConfiguration(AutoConfigurations.of(ThirdPartyCallbackAutoConfiguration.class))
			.withPropertyValues("third-party.pay.providers[0].name=alipay",
					"third-party.pay.providers[0].url=https://alipay.example")
			.run((context) -> assertThat(context).doesNotHaveBean(CallbackInterceptor.class));
	}

	@Test
	void backsOffWithoutSpringMvc() {
		web().withClassLoader(new FilteredClassLoader(HandlerInterceptor.class))
			.run((context) -> assertThat(context).doesNotHaveBean(CallbackInterceptor.class));
	}

	@Test
	void userNonceStoreIsUsed() {
		NonceStore mine = (key, ttl) -> true;
		web().withBean(NonceStore.class, () -> mine)
			.run((context) -> assertThat(context.getBean(NonceStore.class)).isSameAs(mine));
	}

	@Test
	void malformedTrustedProxyFailsStartupNamingTheKey() {
		web().withPropertyValues("third-party.callbacks.trusted-proxies[0]=proxy.internal")
			.run((context) -> assertThat(invalid(context).getProperty())
				.isEqualTo("third-party.callbacks.trusted-proxies[0]"));
	}

	@Test
	void unknownAlgorithmFailsStartup() {
		web().withPropertyValues("third-party.callbacks.algorithm=HmacSHA999")
			.run((context) -> assertThat(invalid(context).getProperty()).isEqualTo("third-party.callbacks.algorithm"));
	}

	@Test
	void forwardHeadersWithoutTrustedProxiesFailStartup() {
		web().withPropertyValues("third-party.callbacks.forward-headers=forwarded").run((context) -> {
			InvalidThirdPartyConfigurationException ex = invalid(context);
			assertThat(ex.getProperty()).isEqualTo("third-party.callbacks.forward-headers");
			assertThat(ex.getValue()).isEqualTo("forwarded");
			assertThat(ex.getAction()).contains("third-party.callbacks.trusted-proxies");
		});
	}

	@Test
	void forwardHeadersTheServerAlreadyAppliesFailStartup() {
		web()
			.withPropertyValues("server.forward-headers-strategy=native",
					"third-party.callbacks.forward-headers=x-forwarded",
					"third-party.callbacks.trusted-proxies[0]=10.0.0.0/8")
			.run((context) -> {
				InvalidThirdPartyConfigurationException ex = invalid(context);
				assertThat(ex.getProperty()).isEqualTo("third-party.callbacks.forward-headers");
				assertThat(ex.getReason()).contains("server.forward-headers-strategy=native");
			});
	}

	@Test
	void trustedProxiesTheServerWouldIgnoreFailStartup() {
		web()
			.withPropertyValues("server.forward-headers-strategy=framework",
					"third-party.callbacks.trusted-proxies[0]=10.0.0.5")
			.run((context) -> {
				InvalidThirdPartyConfigurationException ex = invalid(context);
				assertThat(ex.getProperty()).isEqualTo("third-party.callbacks.trusted-proxies");
				assertThat(ex.getAction()).contains("server.forward-headers-strategy=none");
			});
	}

	@Test
	void trustedProxiesWithTheServerStrategyNoneAreUsed() {
		web()
			.withPropertyValues("server.forward-headers-strategy=none",
					"third-party.callbacks.trusted-proxies[0]=10.0.0.5")
			.run((context) -> assertThat(context.getBean(CallbackSettings.class).current().forwardHeaders())
				.isEqualTo(CallbackProperties.ForwardHeaders.X_FORWARDED));
	}

	@Test
	void unknownForwardHeadersValueFailsStartupNamingTheKey() {
		web().withPropertyValues("third-party.callbacks.forward-headers=x-forwarded-for").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(bindFailure(context).getName()).hasToString("third-party.callbacks.forward-headers");
		});
	}

	@Test
	void cidrPrefixOutOfRangeFailsStartup() {
		web()
			.withPropertyValues("third-party.callbacks.trusted-proxies[0]=10.0.0.1",
					"third-party.callbacks.trusted-proxies[1]=10.0.0.0/33")
			.run((context) -> assertThat(invalid(context).getProperty())
				.isEqualTo("third-party.callbacks.trusted-proxies[1]"));
	}

	@Test
	void zeroToleranceFailsStartup() {
		web().withPropertyValues("third-party.callbacks.tolerance=0s")
			.run((context) -> assertThat(invalid(context).getProperty()).isEqualTo("third-party.callbacks.tolerance"));
	}

	@Test
	void negativeToleranceFailsStartup() {
		web().withPropertyValues("third-party.callbacks.tolerance=-5m")
			.run((context) -> assertThat(invalid(context).getProperty()).isEqualTo("third-party.callbacks.tolerance"));
	}

	@Test
	void zeroMaxBodySizeFailsStartup() {
		web().withPropertyValues("third-party.callbacks.max-body-size=0B")
			.run((context) -> assertThat(invalid(context).getProperty())
				.isEqualTo("third-party.callbacks.max-body-size"));
	}

	@Test
	void zeroMaxLocalNoncesFailsStartup() {
		web().withPropertyValues("third-party.callbacks.max-local-nonces=0")
			.run((context) -> assertThat(invalid(context).getProperty())
				.isEqualTo("third-party.callbacks.max-local-nonces"));
	}

	@Test
	void blankNonceKeyPrefixFailsStartup() {
		web().withPropertyValues("third-party.callbacks.nonce-key-prefix= ")
			.run((context) -> assertThat(invalid(context).getProperty())
				.isEqualTo("third-party.callbacks.nonce-key-prefix"));
	}

	@Test
	void negativePerProviderLimitFailsStartup() {
		web().withPropertyValues("third-party.callbacks.rate-limit.per-provider.limit=-1")
			.run((context) -> assertThat(invalid(context).getProperty())
				.isEqualTo("third-party.callbacks.rate-limit.per-provider.limit"));
	}

	@Test
	void zeroPerSourcePeriodFailsStartup() {
		web().withPropertyValues("third-party.callbacks.rate-limit.per-source.period=0s")
			.run((context) -> assertThat(invalid(context).getProperty())
				.isEqualTo("third-party.callbacks.rate-limit.per-source.period"));
	}

	@Test
	void headerNameThatIsNoHttpTokenFailsStartup() {
		web().withPropertyValues("third-party.callbacks.token-header=X Callback Token")
			.run((context) -> assertThat(invalid(context).getProperty())
				.isEqualTo("third-party.callbacks.token-header"));
	}

	@Test
	void blankHeaderNameFailsStartup() {
		web().withPropertyValues("third-party.callbacks.nonce-header=")
			.run((context) -> assertThat(invalid(context).getProperty())
				.isEqualTo("third-party.callbacks.nonce-header"));
	}

	@Test
	void twoSettingsNamingOneHeaderFailStartup() {
		web().withPropertyValues("third-party.callbacks.timestamp-header=x-callback-signature").run((context) -> {
			InvalidThirdPartyConfigurationException ex = invalid(context);
			assertThat(ex.getProperty()).isEqualTo("third-party.callbacks.timestamp-header");
			assertThat(ex.getReason()).contains("third-party.callbacks.signature-header");
		});
	}

	@Test
	void callbackOfAnUnknownServiceFailsStartup() {
		web().withUserConfiguration(ShopCallbacks.class).run((context) -> {
			InvalidThirdPartyConfigurationException ex = invalid(context);
			assertThat(ex.getProperty()).isEqualTo("third-party.shop");
			assertThat(ex.getReason()).contains("ShopCallbacks");
		});
	}

	@Test
	void callbackOfAServiceWithoutCallbackCredentialsFailsStartup() {
		web().withUserConfiguration(ShopCallbacks.class)
			.withPropertyValues("third-party.shop.providers[0].name=s",
					"third-party.shop.providers[0].url=https://s.example")
			.run((context) -> assertThat(invalid(context).getProperty())
				.isEqualTo("third-party.shop.providers[*].callback"));
	}

	private static BindException bindFailure(AssertableWebApplicationContext context) {
		Throwable failure = context.getStartupFailure();
		while (failure != null && !(failure instanceof BindException)) {
			failure = failure.getCause();
		}
		assertThat(failure).as("a BindException in the startup failure").isInstanceOf(BindException.class);
		return (BindException) failure;
	}

	private static InvalidThirdPartyConfigurationException invalid(AssertableWebApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
		assertThat(cause).isInstanceOf(InvalidThirdPartyConfigurationException.class);
		return (InvalidThirdPartyConfigurationException) cause;
	}

	@RestController
	static class ShopCallbacks {

		@ThirdPartyCallback(service = "shop")
		@PostMapping("/callbacks/shop")
		String done() {
			return "ok";
		}

	}

}
