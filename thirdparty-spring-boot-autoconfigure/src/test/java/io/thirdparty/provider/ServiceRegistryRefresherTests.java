package io.thirdparty.provider;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.core.env.Environment;

import io.thirdparty.autoconfigure.ThirdPartyRefreshAutoConfiguration;
import io.thirdparty.config.ServiceConfigBinder;
import io.thirdparty.config.ServiceProperties;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.LogEvents;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live reconfiguration: a changed environment rebuilds the services; a bad change is
 * refused.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServiceRegistryRefresherTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("provider_a");

	private final FakeVendor b = this.vendors.start("provider_b");

	@Test
	void reweightingTakesEffectOnTheNextCall() {
		PipelineRunner.sms(this.a, 50, this.b, 50)
			.withConfiguration(AutoConfigurations.of(ThirdPartyRefreshAutoConfiguration.class))
			.run((context) -> {
				TestPropertyValues.of("third-party.sms.providers[0].weight=0").applyTo(context);
				context
					.publishEvent(new EnvironmentChangeEvent(context, Set.of("third-party.sms.providers[0].weight")));
				SmsClient sms = context.getBean(SmsClient.class);
				for (int i = 0; i < 10; i++) {
					sms.send("hi");
				}
				assertThat(this.a.requests()).isZero();
				assertThat(this.b.requests()).isEqualTo(10);
			});
	}

	@Test
	void invalidChangeIsRefusedAndTheLastGoodConfigurationStays() {
		PipelineRunner.sms(this.a, 50, this.b, 50)
			.withConfiguration(AutoConfigurations.of(ThirdPartyRefreshAutoConfiguration.class))
			.run((context) -> {
				ServiceDefinition before = context.getBean(ServiceRegistry.class).get("sms");
				TestPropertyValues.of("third-party.sms.providers[1].url=not a url").applyTo(context);
				context.publishEvent(new EnvironmentChangeEvent(context, Set.of("third-party.sms.providers[1].url")));
				assertThat(context.getBean(ServiceRegistry.class).get("sms")).isSameAs(before);
				context.getBean(SmsClient.class).send("hi");
			});
	}

	@Test
	void changeThatDoesNotBindIsRefusedWithAWarningNamingThePropertyAndTheLastGoodConfigurationStays(
			CapturedOutput output) {
		PipelineRunner.sms(this.a, 50, this.b, 50)
			.withConfiguration(AutoConfigurations.of(ThirdPartyRefreshAutoConfiguration.class))
			.run((context) -> {
				ServiceDefinition before = context.getBean(ServiceRegistry.class).get("sms");
				TestPropertyValues.of("third-party.sms.strategy=fastest").applyTo(context);
				context.publishEvent(new EnvironmentChangeEvent(context, Set.of("third-party.sms.strategy")));
				assertThat(context.getBean(ServiceRegistry.class).get("sms")).isSameAs(before);
				assertThat(LogEvents.at("WARN", output)).anySatisfy(
						(event) -> assertThat(event).contains("Refused", "third-party.sms.strategy", "fastest"));
				context.getBean(SmsClient.class).send("hi");
				TestPropertyValues.of("third-party.sms.strategy=priority").applyTo(context);
				context.publishEvent(new EnvironmentChangeEvent(context, Set.of("third-party.sms.strategy")));
				assertThat(context.getBean(ServiceRegistry.class).get("sms").settings().getStrategy())
					.isEqualTo(Strategy.PRIORITY);
			});
	}

	@Test
	void reloadFailingForAnyOtherReasonKeepsTheLastGoodConfiguration(CapturedOutput output) {
		AtomicBoolean broken = new AtomicBoolean();
		PipelineRunner.sms(this.a, 50, this.b, 50)
			.withConfiguration(AutoConfigurations.of(ThirdPartyRefreshAutoConfiguration.class))
			.withBean(AtomicBoolean.class, () -> broken)
			.withBean(BreakingBinder.class)
			.run((context) -> {
				ServiceDefinition before = context.getBean(ServiceRegistry.class).get("sms");
				broken.set(true);
				TestPropertyValues.of("third-party.sms.providers[1].weight=70").applyTo(context);
				context
					.publishEvent(new EnvironmentChangeEvent(context, Set.of("third-party.sms.providers[1].weight")));
				assertThat(context.getBean(ServiceRegistry.class).get("sms")).isSameAs(before);
				assertThat(LogEvents.at("WARN", output))
					.anySatisfy((event) -> assertThat(event).contains("Refused", "the binder broke"));
				broken.set(false);
				context
					.publishEvent(new EnvironmentChangeEvent(context, Set.of("third-party.sms.providers[1].weight")));
				assertThat(context.getBean(ServiceRegistry.class).get("sms").provider(1).weight()).isEqualTo(70);
			});
	}

	@Test
	void breakerStateSurvivesAReloadThatDoesNotChangeIt() {
		PipelineRunner.sms(this.a, 50, this.b, 50)
			.withConfiguration(AutoConfigurations.of(ThirdPartyRefreshAutoConfiguration.class))
			.run((context) -> {
				ServiceRegistry registry = context.getBean(ServiceRegistry.class);
				var breaker = registry.get("sms").guard(0).getCircuitBreaker();
				breaker.transitionToOpenState();
				TestPropertyValues.of("third-party.sms.providers[1].weight=70").applyTo(context);
				context
					.publishEvent(new EnvironmentChangeEvent(context, Set.of("third-party.sms.providers[1].weight")));
				assertThat(registry.get("sms").provider(1).weight()).isEqualTo(70);
				assertThat(registry.get("sms").guard(0).getCircuitBreaker()).isSameAs(breaker);
				assertThat(registry.get("sms").available()).isEqualTo(0b10);
			});
	}

	@Test
	void aHandleGivesTheServiceAsCurrentlyConfigured() {
		PipelineRunner.sms(this.a, 50, this.b, 50)
			.withConfiguration(AutoConfigurations.of(ThirdPartyRefreshAutoConfiguration.class))
			.run((context) -> {
				ServiceRegistry registry = context.getBean(ServiceRegistry.class);
				ServiceRegistry.Handle sms = registry.handle("sms");
				ServiceRegistry.Handle mail = registry.handle("mail");
				assertThat(sms.current()).isSameAs(registry.get("sms"));
				assertThat(mail.current()).isNull();
				TestPropertyValues
					.of("third-party.sms.providers[1].weight=70", "third-party.mail.providers[0].name=mailer",
							"third-party.mail.providers[0].url=" + this.a.url())
					.applyTo(context);
				context.publishEvent(new EnvironmentChangeEvent(context,
						Set.of("third-party.sms.providers[1].weight", "third-party.mail.providers[0].name")));
				assertThat(sms.current()).isSameAs(registry.get("sms"));
				assertThat(sms.current().provider(1).weight()).isEqualTo(70);
				assertThat(mail.current()).isNotNull().isSameAs(registry.get("mail"));
				assertThat(registry.handle("sms")).isSameAs(sms);
			});
	}

	@Test
	void unrelatedChangesDoNotReload() {
		PipelineRunner.sms(this.a, 50, this.b, 50)
			.withConfiguration(AutoConfigurations.of(ThirdPartyRefreshAutoConfiguration.class))
			.run((context) -> {
				ServiceDefinition before = context.getBean(ServiceRegistry.class).get("sms");
				context.publishEvent(new EnvironmentChangeEvent(context, Set.of("spring.application.name")));
				assertThat(context.getBean(ServiceRegistry.class).get("sms")).isSameAs(before);
			});
	}

	/**
	 * A binder that fails while told to, as a binder meeting an unexpected error would.
	 */
	static class BreakingBinder extends ServiceConfigBinder {

		private final AtomicBoolean broken;

		BreakingBinder(Environment environment, AtomicBoolean broken) {
			super(environment);
			this.broken = broken;
		}

		@Override
		public Map<String, ServiceProperties> bind() {
			if (this.broken.get()) {
				throw new IllegalStateException("the binder broke");
			}
			return super.bind();
		}

	}

}
