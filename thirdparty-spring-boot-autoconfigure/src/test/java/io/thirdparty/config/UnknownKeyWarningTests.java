package io.thirdparty.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.test.PipelineRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key under a service, {@code third-party.defaults} or {@code third-party.cache} that
 * binds to nothing is reported once per load, with where it was set and the nearest valid
 * key; valid keys, in any of Boot's spellings, are not.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnknownKeyWarningTests {

	private static final String UNKNOWN = "Ignoring unknown key";

	private final ApplicationContextRunner runner = PipelineRunner.create()
		.withPropertyValues("third-party.sms.providers[0].name=a", "third-party.sms.providers[0].url=http://a.example",
				"third-party.sms.providers[1].name=b", "third-party.sms.providers[1].url=http://b.example");

	@Test
	void misspeltServiceKeyIsReportedOnceAtStartupAndAgainOnReload(CapturedOutput output) {
		this.runner
			.withInitializer(
					(context) -> context.getEnvironment()
						.getPropertySources()
						.addFirst(new MapPropertySource("operator-overrides",
								Map.of("third-party.sms.retry.max-atempts", "5"))))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(warnings(output)).singleElement()
					.satisfies((line) -> assertThat(line).contains("WARN")
						.contains("third-party.sms.retry.max-atempts")
						.contains("property source 'operator-overrides'")
						.contains("nearest valid key is third-party.sms.retry.max-attempts"));
				assertThat(context.getBean(ServiceRegistry.class).get("sms").settings().getRetry().getMaxAttempts())
					.isEqualTo(3);
				context.getBean(ServiceRegistry.class).reload();
				assertThat(warnings(output)).hasSize(2).allMatch((line) -> line.contains("max-atempts"));
			});
	}

	@Test
	void keyIntroducedByAReloadIsReported(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(warnings(output)).isEmpty();
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("pushed", Map.of("third-party.sms.circuit-breaker.wait-in-opn", "5s")));
			context.getBean(ServiceRegistry.class).reload();
			assertThat(warnings(output)).singleElement()
				.satisfies((line) -> assertThat(line).contains("third-party.sms.circuit-breaker.wait-in-opn")
					.contains("'pushed'")
					.endsWith("nearest valid key is third-party.sms.circuit-breaker.wait-in-open"));
		});
	}

	@Test
	void originInAYamlFileIsNamedWithItsLine(CapturedOutput output) {
		PipelineRunner.create()
			.withInitializer(new ConfigDataApplicationContextInitializer())
			.withPropertyValues("spring.config.location=classpath:config-binding/misspelt.yml")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(warnings(output)).singleElement()
					.satisfies((line) -> assertThat(line).contains("third-party.sms.retry.max-atempts")
						.contains("config-binding/misspelt.yml")
						.contains("misspelt.yml] - 6:")
						.endsWith("third-party.sms.retry.max-attempts"));
			});
	}

	@Test
	void nearestKeyKeepsTheProviderIndex(CapturedOutput output) {
		this.runner.withPropertyValues("third-party.sms.providers[1].auth.typ=hmac").run((context) -> {
			assertThat(warnings(output)).singleElement()
				.satisfies((line) -> assertThat(line).contains("third-party.sms.providers[1].auth.typ ")
					.endsWith("nearest valid key is third-party.sms.providers[1].auth.type"));
		});
	}

	@Test
	void defaultsAndCacheKeysAreCheckedToo(CapturedOutput output) {
		this.runner.withPropertyValues("third-party.defaults.retry.max-atempts=4", "third-party.cache.backnd=redis")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(warnings(output)).hasSize(2)
					.anySatisfy((line) -> assertThat(line).contains("third-party.defaults.retry.max-atempts")
						.endsWith("third-party.defaults.retry.max-attempts"))
					.anySatisfy((line) -> assertThat(line).contains("third-party.cache.backnd")
						.endsWith("third-party.cache.backend"));
			});
	}

	@Test
	void valueUnderALeafIsUnknown(CapturedOutput output) {
		this.runner.withPropertyValues("third-party.sms.timeout.seconds=2").run((context) -> {
			assertThat(warnings(output)).singleElement()
				.satisfies((line) -> assertThat(line).endsWith("nearest valid key is third-party.sms.timeout"));
		});
	}

	@Test
	void everyValidKeyInEverySpellingBindsWithoutWarning(CapturedOutput output) {
		ConfigurationKeys keys = ConfigurationKeys.of(ServiceProperties.class);
		Map<String, Object> dashed = new LinkedHashMap<>();
		Map<String, Object> camel = new LinkedHashMap<>();
		Map<String, Object> environment = new LinkedHashMap<>();
		for (String key : keys.keys()) {
			String concrete = key.replace(ConfigurationKeys.INDEX, "[0]").replace(ConfigurationKeys.ANY, "api-key-ref");
			Object value = sampleValue(keys.type(key));
			dashed.put("third-party.sms." + concrete, value);
			if (!key.startsWith("providers") && !key.startsWith("discovery")) {
				dashed.put("third-party.defaults." + concrete, value);
			}
			camel.put("third-party.users." + camelCase(concrete), value);
			environment.put(
					"THIRDPARTY_PAY_" + concrete.toUpperCase().replace("-", "").replace(".", "_").replace("[0]", "_0"),
					value);
		}
		assertThat(dashed).containsKeys("third-party.sms.retry.max-attempts", "third-party.sms.providers[0].auth.type",
				"third-party.sms.providers[0].metadata.api-key-ref", "third-party.sms.http.read-timeout");
		dashed.put("third-party.cache.backend", "redis");
		dashed.put("third-party.cache.redis.retry-interval", "5s");
		dashed.put("third-party.cache.refresh-threads", "2");
		StandardEnvironment env = new StandardEnvironment();
		env.getPropertySources().addFirst(new MapPropertySource("dashed", dashed));
		env.getPropertySources().addFirst(new MapPropertySource("camel", camel));
		env.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource(
					"test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
		Map<String, ServiceProperties> services = new ServiceConfigBinder(env).bind();
		assertThat(services).containsOnlyKeys("sms", "users", "pay");
		assertThat(services.get("users").getRetry().getMaxAttempts()).isEqualTo(7);
		assertThat(services.get("pay").getHttp().getReadTimeout()).isEqualTo(Duration.ofSeconds(7));
		assertThat(services.get("pay").getProviders()).singleElement()
			.satisfies((provider) -> assertThat(provider.getMetadata()).containsKey("apikeyref"));
		assertThat(warnings(output)).isEmpty();
	}

	private static Object sampleValue(Class<?> type) {
		if (type == Duration.class) {
			return "7s";
		}
		if (type == DataSize.class) {
			return "7KB";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true";
		}
		if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
			return "7";
		}
		if (type.isEnum()) {
			Object[] constants = type.getEnumConstants();
			return ((Enum<?>) constants[constants.length - 1]).name();
		}
		if (type == Class.class) {
			return IllegalStateException.class.getName();
		}
		return "x";
	}

	private static String camelCase(String dashed) {
		StringBuilder camel = new StringBuilder();
		boolean upper = false;
		for (char c : dashed.toCharArray()) {
			if (c == '-') {
				upper = true;
				continue;
			}
			camel.append(upper ? Character.toUpperCase(c) : c);
			upper = false;
		}
		return camel.toString();
	}

	private static List<String> warnings(CapturedOutput output) {
		return output.toString().lines().filter((line) -> line.contains(UNKNOWN)).toList();
	}

}
