package io.thirdparty.provider;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.ProviderEvents;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operator actions on providers: switchover, disable and enable, breaker reset.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProviderControlTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("provider_a");

	private final FakeVendor b = this.vendors.start("provider_b");

	private ApplicationContextRunner runner() {
		return PipelineRunner.sms(this.a, 100, this.b, 0).withBean(ProviderEvents.class);
	}

	@Test
	void forcingAProviderSendsEveryCallToItUntilReleased() {
		runner().run((context) -> {
			ProviderControl control = context.getBean(ProviderControl.class);
			SmsClient sms = context.getBean(SmsClient.class);
			assertThat(control.force("sms", "provider_b")).isNotNull();
			assertThat(answers(sms, 20)).containsOnlyKeys("provider_b");
			assertThat(context.getBean(ServiceRegistry.class).get("sms").status(1)).isEqualTo(ProviderStatus.FORCED);
			assertThat(control.release("sms")).isTrue();
			assertThat(answers(sms, 20)).containsOnlyKeys("provider_a");
			assertThat(context.getBean(ProviderEvents.class).changes()).containsExactly("provider_b FORCED",
					"provider_b RELEASED");
		});
	}

	@Test
	void forcingAnotherProviderReleasesTheFirst() {
		PipelineRunner.sms(this.a, 50, this.b, 50).withBean(ProviderEvents.class).run((context) -> {
			ProviderControl control = context.getBean(ProviderControl.class);
			control.force("sms", "provider_a");
			control.force("sms", "provider_b");
			assertThat(answers(context.getBean(SmsClient.class), 10)).containsOnlyKeys("provider_b");
			assertThat(context.getBean(ProviderEvents.class).changes()).containsExactly("provider_a FORCED",
					"provider_a RELEASED", "provider_b FORCED");
		});
	}

	@Test
	void aForcedProviderThatFailsIsBypassed() {
		runner().withPropertyValues("third-party.sms.circuit-breaker.consecutive-failures=1").run((context) -> {
			ProviderControl control = context.getBean(ProviderControl.class);
			SmsClient sms = context.getBean(SmsClient.class);
			control.force("sms", "provider_b");
			this.b.status(503);
			assertThat(sms.send("hello")).contains("provider_a");
			assertThat(context.getBean(ServiceRegistry.class).get("sms").status(1)).isEqualTo(ProviderStatus.EJECTED);
			assertThat(answers(sms, 5)).containsOnlyKeys("provider_a");
		});
	}

	@Test
	void disablingAProviderTakesItOutUntilEnabled() {
		PipelineRunner.sms(this.a, 50, this.b, 50).withBean(ProviderEvents.class).run((context) -> {
			ProviderControl control = context.getBean(ProviderControl.class);
			SmsClient sms = context.getBean(SmsClient.class);
			control.disable("sms", "provider_a");
			assertThat(answers(sms, 10)).containsOnlyKeys("provider_b");
			assertThat(context.getBean(ServiceRegistry.class).get("sms").status(0)).isEqualTo(ProviderStatus.DISABLED);
			control.enable("sms", "provider_a");
			assertThat(answers(sms, 10)).containsOnlyKeys("provider_a", "provider_b");
			assertThat(context.getBean(ProviderEvents.class).changes()).containsExactly("provider_a DISABLED",
					"provider_a ENABLED");
		});
	}

	@Test
	void disablingAProviderWhoseUrlHasCredentialsLogsNoPassword(CapturedOutput output) {
		String url = this.a.url().replace("://", "://gateway:pa55w0rd-xyz@");
		PipelineRunner.sms(this.a, 50, this.b, 50)
			.withPropertyValues("third-party.sms.providers[0].url=" + url + "?token=t0ken-xyz")
			.run((context) -> {
				ProviderControl control = context.getBean(ProviderControl.class);
				control.disable("sms", "provider_a");
				control.disable("sms", "provider_b");
				control.enable("sms", "provider_a");
				assertThat(output).contains("sms.provider_a[http://******@127.0.0.1:")
					.doesNotContain("pa55w0rd-xyz")
					.doesNotContain("t0ken-xyz");
			});
	}

	@Test
	void unknownNamesChangeNothingAndCreateNothing() {
		runner().run((context) -> {
			ProviderControl control = context.getBean(ProviderControl.class);
			ProviderStates states = context.getBean(ProviderStates.class);
			assertThat(control.disable("sms", "nope")).isNull();
			assertThat(control.force("nope", "provider_a")).isNull();
			assertThat(control.resetBreaker("sms", "nope")).isNull();
			assertThat(control.release("nope")).isFalse();
			assertThat(states.find("sms.nope")).isNull();
			assertThat(states.find("nope.provider_a")).isNull();
			assertThat(context.getBean(ProviderEvents.class).changes()).isEmpty();
		});
	}

	@Test
	void operatorStateSurvivesAReload() {
		PipelineRunner.sms(this.a, 50, this.b, 50).run((context) -> {
			context.getBean(ProviderControl.class).disable("sms", "provider_a");
			ServiceRegistry services = context.getBean(ServiceRegistry.class);
			services.reload();
			assertThat(services.get("sms").status(0)).isEqualTo(ProviderStatus.DISABLED);
			assertThat(answers(context.getBean(SmsClient.class), 5)).containsOnlyKeys("provider_b");
		});
	}

	@Test
	void resettingABreakerClosesItAndReportsTheProviderRestored() {
		PipelineRunner.sms(this.a, 50, this.b, 50)
			.withBean(ProviderEvents.class)
			.withPropertyValues("third-party.sms.circuit-breaker.consecutive-failures=2")
			.run((context) -> {
				ServiceRegistry services = context.getBean(ServiceRegistry.class);
				SmsClient sms = context.getBean(SmsClient.class);
				this.a.status(500);
				for (int i = 0; i < 6 && services.get("sms").status(0) == ProviderStatus.UP; i++) {
					sms.send("hello");
				}
				assertThat(services.get("sms").status(0)).isEqualTo(ProviderStatus.EJECTED);
				context.getBean(ProviderControl.class).resetBreaker("sms", "provider_a");
				assertThat(services.get("sms").status(0)).isEqualTo(ProviderStatus.UP);
				assertThat(context.getBean(ProviderEvents.class).changes()).containsExactly("provider_a EJECTED",
						"provider_a RESTORED");
			});
	}

	private static Map<String, Integer> answers(SmsClient sms, int calls) {
		Map<String, Integer> answers = new HashMap<>();
		for (int i = 0; i < calls; i++) {
			String body = sms.send("hello " + i);
			answers.merge(body.substring(body.indexOf(":\"") + 2, body.lastIndexOf('"')), 1, Integer::sum);
		}
		return answers;
	}

}
