package io.thirdparty.callback;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
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
			.run((context) -> assertThat(invalid(context).getProperty()).isEqualTo("third-party.callbacks.nonce-store"));
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
			.run((context) -> assertThat(invalid(context).getProperty()).isEqualTo("third-party.callbacks.trusted-proxies[0]"));
	}

	@Test
	void unknownAlgorithmFailsStartup() {
		web().withPropertyValues("third-party.callbacks.algorithm=HmacSHA999")
			.run((context) -> assertThat(invalid(context).getProperty()).isEqualTo("third-party.callbacks.algorithm"));
	}

	@Test
	void callbackOfAnUnknownServiceFailsStartup() {
		web().withUserConfiguration(ShopCallbacks.class)
			.run((context) -> {
				InvalidThirdPartyConfigurationException ex = invalid(context);
				assertThat(ex.getProperty()).isEqualTo("third-party.shop");
				assertThat(ex.getReason()).contains("ShopCallbacks");
			});
	}

	@Test
	void callbackOfAServiceWithoutCallbackCredentialsFailsStartup() {
		web().withUserConfiguration(ShopCallbacks.class)
			.withPropertyValues("third-party.shop.providers[0].name=s", "third-party.shop.providers[0].url=https://s.example")
			.run((context) -> assertThat(invalid(context).getProperty()).isEqualTo("third-party.shop.providers[*].callback"));
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
