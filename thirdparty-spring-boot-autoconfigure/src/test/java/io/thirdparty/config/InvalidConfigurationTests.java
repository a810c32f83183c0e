package io.thirdparty.config;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

import io.thirdparty.ThirdPartyCall;
import io.thirdparty.test.PipelineRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of bad configuration fails startup naming the full key, the value and the
 * fix.
 */
class InvalidConfigurationTests {

	private final ApplicationContextRunner runner = PipelineRunner.create()
		.withPropertyValues("third-party.sms.providers[0].name=a", "third-party.sms.providers[0].url=http://a.example",
				"third-party.sms.providers[1].name=b", "third-party.sms.providers[1].url=http://b.example");

	@Test
	void negativeWeight() {
		this.runner.withPropertyValues("third-party.sms.providers[1].weight=-5")
			.run(failsOn("third-party.sms.providers[1].weight", "-5"));
	}

	@Test
	void allZeroWeights() {
		this.runner.withPropertyValues("third-party.sms.providers[0].weight=0", "third-party.sms.providers[1].weight=0")
			.run(failsOn("third-party.sms.providers[*].weight", "0"));
	}

	@Test
	void malformedUrl() {
		this.runner.withPropertyValues("third-party.sms.providers[1].url=htp//b example")
			.run(failsOn("third-party.sms.providers[1].url", "htp//b example"));
	}

	@Test
	void urlWithoutHttpScheme() {
		this.runner.withPropertyValues("third-party.sms.providers[0].url=ftp://a.example")
			.run(failsOn("third-party.sms.providers[0].url", "ftp://a.example"));
	}

	@Test
	void duplicateProviderNames() {
		this.runner.withPropertyValues("third-party.sms.providers[1].name=a")
			.run(failsOn("third-party.sms.providers[1].name", "a"));
	}

	@Test
	void providersUnderDefaultsSayProvidersBelongToAService() {
		this.runner
			.withPropertyValues("third-party.defaults.providers[0].name=x",
					"third-party.defaults.providers[0].url=http://x.example")
			.run(failsOn("third-party.defaults.providers", "defaults").andThen((context) -> {
				InvalidThirdPartyConfigurationException ex = findCause(context.getStartupFailure(),
						InvalidThirdPartyConfigurationException.class);
				assertThat(ex.getReason()).contains("providers belong to a service");
				assertThat(ex.getAction()).contains("third-party.<service>.providers");
			}));
	}

	@Test
	void discoveryUnderDefaultsSaysItBelongsToAService() {
		this.runner.withPropertyValues("third-party.defaults.discovery.service-id=vendors")
			.run(failsOn("third-party.defaults.discovery.service-id", "defaults").andThen((context) -> {
				InvalidThirdPartyConfigurationException ex = findCause(context.getStartupFailure(),
						InvalidThirdPartyConfigurationException.class);
				assertThat(ex.getAction()).contains("third-party.<service>.discovery.service-id");
			}));
	}

	@Test
	void everyProviderDisabledSaysSo() {
		this.runner
			.withPropertyValues("third-party.sms.providers[0].enabled=false",
					"third-party.sms.providers[1].enabled=false")
			.run(failsOn("third-party.sms.providers[*].enabled", "false").andThen((context) -> {
				InvalidThirdPartyConfigurationException ex = findCause(context.getStartupFailure(),
						InvalidThirdPartyConfigurationException.class);
				assertThat(ex.getReason()).contains("every provider of 'sms' is disabled").doesNotContain("weight");
			}));
	}

	@Test
	void badValueUnderDefaultsNamesTheDefaultsKey() {
		this.runner.withPropertyValues("third-party.defaults.retry.max-attempts=0")
			.run(failsOn("third-party.defaults.retry.max-attempts", "0"));
	}

	@Test
	void badValueOfAServiceOverridingTheDefaultsNamesTheServiceKey() {
		this.runner
			.withPropertyValues("third-party.defaults.retry.max-attempts=2", "third-party.sms.retry.max-attempts=0")
			.run(failsOn("third-party.sms.retry.max-attempts", "0"));
	}

	@Test
	void serviceNamedLikeAnotherReservedKey() {
		this.runner
			.withPropertyValues("third-party.cache.providers[0].name=x",
					"third-party.cache.providers[0].url=http://x.example")
			.run(failsOn("third-party.cache.providers", "cache"));
	}

	@Test
	void serviceWithoutProviders() {
		this.runner.withPropertyValues("third-party.push.strategy=priority")
			.run(failsOn("third-party.push.providers", "[]"));
	}

	@Test
	void unknownStrategyNamesTheKeyAndTheValidValues() {
		this.runner.withPropertyValues("third-party.sms.strategy=fastest").run((context) -> {
			assertThat(context).hasFailed();
			BindException bind = findCause(context.getStartupFailure(), BindException.class);
			assertThat(bind.getProperty().getName().toString()).isEqualTo("third-party.sms.strategy");
			assertThat(bind.getProperty().getValue()).isEqualTo("fastest");
		});
	}

	@Test
	void invalidRetrySetting() {
		this.runner.withPropertyValues("third-party.sms.retry.max-attempts=0")
			.run(failsOn("third-party.sms.retry.max-attempts", "0"));
	}

	@Test
	void annotationNamingAnUnknownService() {
		this.runner.withBean(PushClient.class)
			.run(failsOn("third-party.push",
					"@ThirdPartyCall(service = \"push\") on " + PushClient.class.getName() + ".push"));
	}

	@Test
	void annotationNamingAMissingFallback() {
		this.runner.withBean(BadFallbackClient.class).run((context) -> {
			InvalidThirdPartyConfigurationException ex = findCause(context.getStartupFailure(),
					InvalidThirdPartyConfigurationException.class);
			assertThat(ex.getProperty()).contains("BadFallbackClient.send").contains("(fallback)");
			assertThat(ex.getValue()).isEqualTo("nowhere");
		});
	}

	@Test
	void failureAnalysisShowsKeyValueReasonAndAction() {
		this.runner.withPropertyValues("third-party.sms.providers[1].weight=-5").run((context) -> {
			FailureAnalysis analysis = new InvalidThirdPartyConfigurationFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Property: third-party.sms.providers[1].weight")
				.contains("Value: -5")
				.contains("cannot be negative");
			assertThat(analysis.getAction()).contains("Set third-party.sms.providers[1].weight to 0 or more");
		});
	}

	private static ContextConsumer<AssertableApplicationContext> failsOn(String property, String value) {
		return (context) -> {
			assertThat(context).hasFailed();
			InvalidThirdPartyConfigurationException ex = findCause(context.getStartupFailure(),
					InvalidThirdPartyConfigurationException.class);
			assertThat(ex.getProperty()).isEqualTo(property);
			assertThat(String.valueOf(ex.getValue())).startsWith(value);
			assertThat(ex.getAction()).isNotBlank();
		};
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return type.cast(t);
			}
		}
		throw new AssertionError("No " + type.getSimpleName() + " in " + failure, failure);
	}

	static class PushClient {

		@ThirdPartyCall(service = "push")
		public String push(String message) {
			return message;
		}

	}

	static class BadFallbackClient {

		@ThirdPartyCall(service = "sms", fallback = "nowhere")
		public String send(String message) {
			return message;
		}

	}

}
