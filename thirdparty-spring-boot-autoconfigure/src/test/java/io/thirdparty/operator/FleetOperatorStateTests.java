package io.thirdparty.operator;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import io.thirdparty.actuate.ThirdPartyEndpoint;
import io.thirdparty.actuate.ThirdPartyEndpoint.ProviderAction;
import io.thirdparty.actuate.ThirdPartyEndpoint.ProviderDescriptor;
import io.thirdparty.actuate.ThirdPartyEndpoint.ServiceAction;
import io.thirdparty.actuate.ThirdPartyEndpoint.ServiceDescriptor;
import io.thirdparty.autoconfigure.ThirdPartyEndpointAutoConfiguration;
import io.thirdparty.autoconfigure.ThirdPartyOperatorAutoConfiguration;
import io.thirdparty.provider.ProviderStatus;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.RedisKeys;
import io.thirdparty.test.RedisServers;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Operator actions of the {@code thirdparty} endpoint reach every instance sharing a
 * Redis: application contexts on the test Redis, calling fake vendors that count
 * requests.
 */
class FleetOperatorStateTests {

	/** What the feature promises: every instance applies an action within 2 s. */
	private static final Duration TARGET = Duration.ofSeconds(2);

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("provider_a");

	private final FakeVendor b = this.vendors.start("provider_b");

	@RegisterExtension
	final RedisKeys keys = RedisKeys.under("operator");

	private ApplicationContextRunner instance(String... redis) {
		return PipelineRunner.sms(this.a, 50, this.b, 50)
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
					ThirdPartyOperatorAutoConfiguration.class, ThirdPartyEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=thirdparty",
					"management.endpoint.thirdparty.access=UNRESTRICTED",
					"third-party.operator.key-prefix=" + this.keys.prefix() + "operator:")
			.withPropertyValues(redis);
	}

	private ApplicationContextRunner onRedis() {
		return instance(RedisServers.find().springProperties())
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class));
	}

	@Test
	void disableOnOneInstanceStopsTrafficFromTheOthersAndAnInstanceStartedLaterSeesIt() {
		onRedis().run((one) -> onRedis().run((two) -> {
			ServiceDescriptor answer = endpoint(one).changeProvider("sms", "provider_a", ProviderAction.DISABLE);
			assertThat(answer.operator().scope()).isEqualTo("fleet");
			assertThat(answer.operator().shared()).isTrue();
			assertThat(answer.operator().detail()).isNull();
			await().atMost(TARGET).until(() -> state(two, "provider_a") == ProviderStatus.DISABLED);
			int before = this.a.requests();
			for (int i = 0; i < 20; i++) {
				two.getBean(SmsClient.class).send("hello");
			}
			assertThat(this.a.requests()).as("calls from instance two reaching the disabled vendor").isEqualTo(before);
			OperatorRecord origin = provider(two, "provider_a").operatorState();
			assertThat(origin.origin()).isEqualTo("fleet");
			assertThat(origin.action()).isEqualTo("disable");
			assertThat(origin.instance()).isEqualTo(instanceId(one));
			assertThat(origin.at()).isNotNull();
			assertThat(provider(one, "provider_a").operatorState().origin()).isEqualTo("instance");

			onRedis().run((three) -> {
				assertThat(state(three, "provider_a")).as("at once, on start").isEqualTo(ProviderStatus.DISABLED);
				assertThat(provider(three, "provider_a").operatorState().instance()).isEqualTo(instanceId(one));
				for (int i = 0; i < 20; i++) {
					three.getBean(SmsClient.class).send("hello");
				}
				assertThat(this.a.requests()).isEqualTo(before);

				assertThat(endpoint(two).changeProvider("sms", "provider_a", ProviderAction.ENABLE).operator().shared())
					.isTrue();
				await().atMost(TARGET)
					.until(() -> state(one, "provider_a") == ProviderStatus.UP
							&& state(three, "provider_a") == ProviderStatus.UP);
				assertThat(provider(one, "provider_a").operatorState().instance()).isEqualTo(instanceId(two));
				for (int i = 0; i < 40 && this.a.requests() == before; i++) {
					one.getBean(SmsClient.class).send("hello");
				}
				assertThat(this.a.requests()).as("traffic back on the enabled vendor").isGreaterThan(before);
			});
		}));
	}

	@Test
	void switchoverAndItsReleaseReachEveryInstance() {
		onRedis().run((one) -> onRedis().run((two) -> {
			endpoint(one).changeProvider("sms", "provider_b", ProviderAction.FORCE);
			await().atMost(TARGET).until(() -> state(two, "provider_b") == ProviderStatus.FORCED);
			assertThat(endpoint(two).service("sms").forced()).isEqualTo("provider_b");
			assertThat(endpoint(two).service("sms").operator().switchover().origin()).isEqualTo("fleet");
			int before = this.a.requests();
			for (int i = 0; i < 20; i++) {
				two.getBean(SmsClient.class).send("hello");
			}
			assertThat(this.a.requests()).isEqualTo(before);
			endpoint(two).changeService("sms", ServiceAction.RELEASE, null);
			await().atMost(TARGET).until(() -> endpoint(one).service("sms").forced() == null);
			assertThat(state(one, "provider_b")).isEqualTo(ProviderStatus.UP);
		}));
	}

	@Test
	void withoutRedisAnActionAppliesToItsInstanceAndSaysSo() {
		instance().run((one) -> {
			assertThat(one).hasSingleBean(LocalOperatorSharing.class);
			ServiceDescriptor answer = endpoint(one).changeProvider("sms", "provider_a", ProviderAction.DISABLE);
			assertThat(answer.operator().scope()).isEqualTo("instance");
			assertThat(answer.operator().shared()).isFalse();
			assertThat(answer.operator().detail()).contains("this instance only");
			assertThat(state(one, "provider_a")).isEqualTo(ProviderStatus.DISABLED);
			assertThat(provider(one, "provider_a").operatorState().origin()).isEqualTo("instance");
			assertThat(endpoint(one).service("sms").operator().shared()).as("a read is no action").isNull();
		});
	}

	@Test
	void sharingCanBeSwitchedOffBesideRedis() {
		onRedis().withPropertyValues("third-party.operator.shared=false")
			.run((one) -> assertThat(endpoint(one).service("sms").operator().scope()).isEqualTo("instance"));
	}

	static ThirdPartyEndpoint endpoint(ApplicationContext context) {
		return context.getBean(ThirdPartyEndpoint.class);
	}

	static ProviderDescriptor provider(ApplicationContext context, String name) {
		return endpoint(context).provider("sms", name);
	}

	static ProviderStatus state(ApplicationContext context, String name) {
		return provider(context, name).state();
	}

	static String instanceId(ApplicationContext context) {
		return context.getBean(RedisOperatorSharing.class).instanceId();
	}

}
