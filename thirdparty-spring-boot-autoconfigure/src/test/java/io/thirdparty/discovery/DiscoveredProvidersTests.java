package io.thirdparty.discovery;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.scope.refresh.RefreshScopeRefreshedEvent;
import org.springframework.context.ApplicationContext;

import io.thirdparty.Provider;
import io.thirdparty.autoconfigure.ThirdPartyDiscoveryAutoConfiguration;
import io.thirdparty.autoconfigure.ThirdPartyRefreshAutoConfiguration;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.LogEvents;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Providers from Spring Cloud's DiscoveryClient ({@code SimpleDiscoveryClient} here):
 * settings from instance metadata, changes picked up on a {@link HeartbeatEvent} without
 * a restart, combined with configured providers, and called for real.
 */
@ExtendWith(OutputCaptureExtension.class)
class DiscoveredProvidersTests {

	private static final String INSTANCES = "spring.cloud.discovery.client.simple.instances.sms-vendors";

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("provider_a");

	private final FakeVendor b = this.vendors.start("provider_b");

	private final FakeVendor c = this.vendors.start("provider_c");

	private ApplicationContextRunner discovering() {
		return PipelineRunner.create()
			.withConfiguration(
					AutoConfigurations.of(UtilAutoConfiguration.class, SimpleDiscoveryClientAutoConfiguration.class,
							ThirdPartyRefreshAutoConfiguration.class, ThirdPartyDiscoveryAutoConfiguration.class))
			.withBean(SmsClient.class)
			.withPropertyValues("third-party.sms.discovery.service-id=sms-vendors",
					"third-party.sms.retry.backoff=10ms");
	}

	@Test
	void instancesBecomeProvidersWithTheirSettingsFromMetadataAndAreCalled() {
		discovering().withPropertyValues(INSTANCES + "[0].uri=" + this.a.url(),
				INSTANCES + "[0].metadata.[third-party.name]=provider_a",
				INSTANCES + "[0].metadata.[third-party.weight]=30", INSTANCES + "[0].metadata.[third-party.priority]=2",
				INSTANCES + "[0].metadata.[third-party.metadata.account]=acme", INSTANCES + "[0].metadata.zone=eu-1",
				INSTANCES + "[1].uri=" + this.b.url(), INSTANCES + "[1].metadata.[third-party.path]=/v2")
			.run((context) -> {
				ServiceDefinition sms = context.getBean(ServiceRegistry.class).get("sms");
				assertThat(sms.providers()).hasSize(2);
				Provider first = sms.provider(0);
				assertThat(first.name()).isEqualTo("provider_a");
				assertThat(first.url()).isEqualTo(this.a.url());
				assertThat(first.weight()).isEqualTo(30);
				assertThat(first.priority()).isEqualTo(2);
				assertThat(first.metadata()).containsEntry("account", "acme").containsEntry("zone", "eu-1");
				Provider second = sms.provider(1);
				URI uri = URI.create(this.b.url());
				assertThat(second.name()).isEqualTo("sms-vendors-" + uri.getHost() + "-" + uri.getPort());
				assertThat(second.url()).isEqualTo(this.b.url() + "/v2");
				assertThat(second.weight()).isEqualTo(100);
				setInstances(context, instance(this.a.url(), Map.of("third-party.name", "provider_a")));
				context.publishEvent(new HeartbeatEvent(this, 1));
				for (int i = 0; i < 5; i++) {
					context.getBean(SmsClient.class).send("hi");
				}
				assertThat(this.a.requests()).isEqualTo(5);
			});
	}

	@Test
	void heartbeatAddsReweightsAndRemovesProvidersWithoutARestart() {
		discovering()
			.withPropertyValues(INSTANCES + "[0].uri=" + this.a.url(),
					INSTANCES + "[0].metadata.[third-party.name]=provider_a")
			.run((context) -> {
				ServiceRegistry registry = context.getBean(ServiceRegistry.class);
				SmsClient sms = context.getBean(SmsClient.class);
				assertThat(names(registry)).containsExactly("provider_a");

				setInstances(context, instance(this.a.url(), Map.of("third-party.name", "provider_a")),
						instance(this.b.url(), Map.of("third-party.name", "provider_b")));
				context.publishEvent(new HeartbeatEvent(this, 2));
				assertThat(names(registry)).containsExactly("provider_a", "provider_b");

				setInstances(context,
						instance(this.a.url(), Map.of("third-party.name", "provider_a", "third-party.weight", "0")),
						instance(this.b.url(), Map.of("third-party.name", "provider_b")));
				context.publishEvent(new HeartbeatEvent(this, 3));
				assertThat(registry.get("sms").provider(0).weight()).isZero();
				this.a.resetCount();
				for (int i = 0; i < 10; i++) {
					sms.send("hi");
				}
				assertThat(this.a.requests()).isZero();
				assertThat(this.b.requests()).isEqualTo(10);

				setInstances(context, instance(this.b.url(), Map.of("third-party.name", "provider_b")));
				context.publishEvent(new HeartbeatEvent(this, 4));
				assertThat(names(registry)).containsExactly("provider_b");
			});
	}

	@Test
	void refreshPicksUpADiscoveryChangeThoughNoThirdPartyKeyChanged() {
		discovering()
			.withPropertyValues(INSTANCES + "[0].uri=" + this.a.url(),
					INSTANCES + "[0].metadata.[third-party.name]=provider_a")
			.run((context) -> {
				setInstances(context, instance(this.a.url(), Map.of("third-party.name", "provider_a")),
						instance(this.b.url(), Map.of("third-party.name", "provider_b")));
				context.publishEvent(new RefreshScopeRefreshedEvent());
				assertThat(names(context.getBean(ServiceRegistry.class))).containsExactly("provider_a", "provider_b");
			});
	}

	@Test
	void heartbeatWithoutAChangeDoesNotReload() {
		discovering().withPropertyValues(INSTANCES + "[0].uri=" + this.a.url()).run((context) -> {
			ServiceDefinition before = context.getBean(ServiceRegistry.class).get("sms");
			context.publishEvent(new HeartbeatEvent(this, 2));
			assertThat(context.getBean(ServiceRegistry.class).get("sms")).isSameAs(before);
		});
	}

	@Test
	void configuredAndDiscoveredProvidersAreCombinedConfiguredFirst() {
		discovering()
			.withPropertyValues("third-party.sms.strategy=priority", "third-party.sms.providers[0].name=provider_a",
					"third-party.sms.providers[0].url=" + this.a.url(), "third-party.sms.providers[0].priority=5",
					INSTANCES + "[0].uri=" + this.b.url(), INSTANCES + "[0].metadata.[third-party.name]=provider_b",
					INSTANCES + "[0].metadata.[third-party.priority]=1")
			.run((context) -> {
				ServiceRegistry registry = context.getBean(ServiceRegistry.class);
				assertThat(names(registry)).containsExactly("provider_a", "provider_b");
				context.getBean(SmsClient.class).send("hi");
				assertThat(this.b.requests()).isEqualTo(1);
				assertThat(this.a.requests()).isZero();

				setInstances(context, instance(this.b.url(), Map.of("third-party.name", "provider_b")),
						instance(this.c.url(), Map.of("third-party.name", "provider_c")));
				context.publishEvent(new HeartbeatEvent(this, 2));
				assertThat(names(registry)).containsExactly("provider_a", "provider_b", "provider_c");

				// a change of the configuration keeps the discovered providers
				TestPropertyValues.of("third-party.sms.providers[0].priority=0").applyTo(context);
				context
					.publishEvent(new EnvironmentChangeEvent(context, Set.of("third-party.sms.providers[0].priority")));
				assertThat(names(registry)).containsExactly("provider_a", "provider_b", "provider_c");
				context.getBean(SmsClient.class).send("hi");
				assertThat(this.a.requests()).isEqualTo(1);
			});
	}

	@Test
	void losingEveryInstanceIsRefusedAndTheLastProvidersStay(CapturedOutput output) {
		discovering()
			.withPropertyValues(INSTANCES + "[0].uri=" + this.a.url(),
					INSTANCES + "[0].metadata.[third-party.name]=provider_a")
			.run((context) -> {
				ServiceDefinition before = context.getBean(ServiceRegistry.class).get("sms");
				setInstances(context);
				context.publishEvent(new HeartbeatEvent(this, 2));
				assertThat(context.getBean(ServiceRegistry.class).get("sms")).isSameAs(before);
				assertThat(LogEvents.at("WARN", output)).anySatisfy((event) -> assertThat(event).contains("Refused",
						"third-party.sms.discovery.service-id", "sms-vendors"));
				context.getBean(SmsClient.class).send("hi");
				assertThat(this.a.requests()).isEqualTo(1);
			});
	}

	@Test
	void invalidMetadataIsRefusedAndTheLastProvidersStay(CapturedOutput output) {
		discovering()
			.withPropertyValues(INSTANCES + "[0].uri=" + this.a.url(),
					INSTANCES + "[0].metadata.[third-party.name]=provider_a")
			.run((context) -> {
				ServiceDefinition before = context.getBean(ServiceRegistry.class).get("sms");
				setInstances(context,
						instance(this.a.url(), Map.of("third-party.name", "provider_a", "third-party.weight", "-1")));
				context.publishEvent(new HeartbeatEvent(this, 2));
				assertThat(context.getBean(ServiceRegistry.class).get("sms")).isSameAs(before);
				assertThat(LogEvents.at("WARN", output))
					.anySatisfy((event) -> assertThat(event).contains("Refused", "third-party.sms.discovery.service-id",
							"discovered provider 'provider_a'", "third-party.weight=-1"));
			});
	}

	@Test
	void serviceIdWithoutADiscoveryClientFailsStartupNamingTheProperty() {
		PipelineRunner.create()
			.withConfiguration(AutoConfigurations.of(ThirdPartyDiscoveryAutoConfiguration.class))
			.withPropertyValues("third-party.sms.discovery.service-id=sms-vendors")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("third-party.sms.discovery.service-id")
				.hasMessageContaining("no Spring Cloud DiscoveryClient"));
	}

	@Test
	void serviceIdWithNoInstanceAtStartupFailsNamingTheProperty() {
		discovering().run((context) -> assertThat(context).getFailure()
			.rootCause()
			.hasMessageContaining("third-party.sms.discovery.service-id")
			.hasMessageContaining("no instance of 'sms-vendors'"));
	}

	private static List<String> names(ServiceRegistry registry) {
		return registry.get("sms").providers().stream().map(Provider::name).toList();
	}

	private static InstanceProperties instance(String url, Map<String, String> metadata) {
		InstanceProperties instance = new InstanceProperties();
		instance.setServiceId("sms-vendors");
		instance.setUri(URI.create(url));
		instance.setMetadata(new LinkedHashMap<>(metadata));
		return instance;
	}

	private static void setInstances(ApplicationContext context, InstanceProperties... instances) {
		SimpleDiscoveryProperties properties = context.getBean(SimpleDiscoveryProperties.class);
		Map<String, List<InstanceProperties>> all = new LinkedHashMap<>(properties.getInstances());
		all.put("sms-vendors", new ArrayList<>(List.of(instances)));
		properties.setInstances(all);
	}

}
