package io.thirdparty.pipeline;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.thirdparty.config.ServiceProperties;
import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.test.CacheRunner;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.PriceClient;
import io.thirdparty.test.SmsClient;
import io.thirdparty.resilience.ProviderGuards;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stages read the values built when a service is (re)loaded, not the bound
 * {@link ServiceProperties} JavaBeans: changing those after the load changes no call.
 */
class LoadedSettingsTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("provider_a");

	private final FakeVendor b = this.vendors.start("provider_b");

	@Test
	void theCacheStageReadsTheCacheSettingsOfTheLoad() {
		CacheRunner.price(this.a).run((context) -> {
			PriceClient prices = context.getBean(PriceClient.class);
			prices.price("A");
			ServiceProperties bound = context.getBean(ServiceRegistry.class).get("price").settings();
			bound.getCache().setEnabled(false);
			bound.getCache().setVersion("v9");
			prices.price("A");
			assertThat(this.a.requests()).isOne();
		});
	}

	@Test
	void theAttemptStageReadsTheBreakerSettingsOfTheLoad() {
		this.a.status(503);
		PipelineRunner.sms(this.a, 50, this.b, 50)
			.withPropertyValues("third-party.sms.strategy=priority", "third-party.sms.providers[1].priority=1",
					"third-party.sms.circuit-breaker.consecutive-failures=3")
			.run((context) -> {
				context.getBean(ServiceRegistry.class)
					.get("sms")
					.settings()
					.getCircuitBreaker()
					.setConsecutiveFailures(1);
				assertThat(context.getBean(SmsClient.class).send("hi")).contains("provider_b");
				assertThat(context.getBean(ProviderGuards.class).find("sms.provider_a").getCircuitBreaker().getState())
					.isEqualTo(CircuitBreaker.State.CLOSED);
			});
	}

}
