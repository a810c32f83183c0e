package io.thirdparty.operator;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.thirdparty.actuate.ThirdPartyEndpoint.ProviderAction;
import io.thirdparty.actuate.ThirdPartyEndpoint.ServiceDescriptor;
import io.thirdparty.autoconfigure.ThirdPartyEndpointAutoConfiguration;
import io.thirdparty.autoconfigure.ThirdPartyOperatorAutoConfiguration;
import io.thirdparty.provider.ProviderStatus;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.RedisServers;

import static io.thirdparty.operator.FleetOperatorStateTests.endpoint;
import static io.thirdparty.operator.FleetOperatorStateTests.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Operator actions while Redis is down, on a Redis of the test's own that it kills and
 * starts again.
 */
class OperatorStateOutageTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("provider_a");

	private final FakeVendor b = this.vendors.start("provider_b");

	private final RedisServers.OwnServer redis = RedisServers.ownServer();

	@AfterEach
	void stopRedis() {
		this.redis.close();
	}

	private ApplicationContextRunner instance() {
		return PipelineRunner.sms(this.a, 50, this.b, 50)
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, EndpointAutoConfiguration.class,
					ThirdPartyOperatorAutoConfiguration.class, ThirdPartyEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=thirdparty",
					"management.endpoint.thirdparty.access=UNRESTRICTED", "spring.data.redis.timeout=500ms",
					"third-party.operator.timeout=500ms", "third-party.operator.resync-interval=500ms")
			.withPropertyValues(this.redis.address().springProperties());
	}

	@Test
	void actionWhileRedisIsDownAppliesHereSaysSoAndTheRecordIsReadAgainWhenRedisReturns() {
		instance().run((one) -> instance().run((two) -> {
			this.redis.kill();
			ServiceDescriptor answer = endpoint(one).changeProvider("sms", "provider_a", ProviderAction.DISABLE);
			assertThat(answer.operator().scope()).isEqualTo("fleet");
			assertThat(answer.operator().shared()).isFalse();
			assertThat(answer.operator().detail()).contains("not shared");
			assertThat(state(one, "provider_a")).as("applied here").isEqualTo(ProviderStatus.DISABLED);
			assertThat(state(two, "provider_a")).isEqualTo(ProviderStatus.UP);

			this.redis.start();
			// a change made on two once Redis is back reaches one, whose subscription was
			// lost
			await().atMost(Duration.ofSeconds(20))
				.until(() -> endpoint(two).changeProvider("sms", "provider_b", ProviderAction.DISABLE)
					.operator()
					.shared());
			await().atMost(Duration.ofSeconds(20)).until(() -> state(one, "provider_b") == ProviderStatus.DISABLED);
			assertThat(state(one, "provider_a")).as("its own later change stands").isEqualTo(ProviderStatus.DISABLED);
			assertThat(state(two, "provider_a")).as("never shared").isEqualTo(ProviderStatus.UP);
		}));
	}

}
