package io.thirdparty.config;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.test.PipelineRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A value directly under {@code third-party} that is not a service (an environment
 * variable such as {@code THIRDPARTY_VERSION}) is ignored with one warning, not a startup
 * failure; an environment variable such as {@code THIRD_PARTY_TOKEN} does not stop the
 * application either.
 */
@ExtendWith(OutputCaptureExtension.class)
class ScalarUnderPrefixTests {

	private final ApplicationContextRunner runner = PipelineRunner.create()
		.withPropertyValues("third-party.sms.providers[0].name=a", "third-party.sms.providers[0].url=http://a.example");

	@Test
	void environmentVariableDirectlyUnderThePrefixIsIgnoredWithOneWarning(CapturedOutput output) {
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment",
						Map.of("THIRDPARTY_VERSION", "1"))))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ServiceRegistry services = context.getBean(ServiceRegistry.class);
				assertThat(services.all()).extracting("name").containsExactly("sms");
				services.reload();
				assertThat(output).containsOnlyOnce("third-party.version");
				assertThat(output.toString().lines().filter((line) -> line.contains("third-party.version")))
					.singleElement()
					.satisfies((line) -> assertThat(line).contains("WARN").contains("test-systemEnvironment"));
			});
	}

	@Test
	void thirdUnderscorePartyEnvironmentVariableDoesNotStopTheApplication(CapturedOutput output) {
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment",
						Map.of("THIRD_PARTY_TOKEN", "x"))))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ServiceRegistry services = context.getBean(ServiceRegistry.class);
				assertThat(services.all()).extracting("name").containsExactly("sms");
				services.reload();
				assertThat(services.all()).extracting("name").containsExactly("sms");
				assertThat(output).doesNotContain("ERROR");
			});
	}

	@Test
	void scalarInAnyPropertySourceIsIgnored(CapturedOutput output) {
		this.runner.withPropertyValues("third-party.token=x").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("third-party.token");
		});
	}

}
