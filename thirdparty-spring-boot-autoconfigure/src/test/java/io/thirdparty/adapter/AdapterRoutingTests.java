package io.thirdparty.adapter;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import io.thirdparty.VendorException;
import io.thirdparty.autoconfigure.ThirdPartyAsyncAutoConfiguration;
import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.resilience.ProviderGuards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One adapter per vendor behind one interface: the routing bean runs the pipeline and
 * calls the chosen provider's adapter, each against its own vendor API over real HTTP.
 */
class AdapterRoutingTests {

	private final FakeVendor a = AdapterTestVendors.jsonVendor();

	private final FakeVendor b = AdapterTestVendors.formVendor();

	@AfterEach
	void stop() {
		this.a.close();
		this.b.close();
	}

	private ApplicationContextRunner runner(int weightA, int weightB) {
		return AdapterTestVendors.runner(this.a, weightA, this.b, weightB)
			.withBean(JsonApiSms.class)
			.withBean(FormApiSms.class);
	}

	@Test
	void weightedSharesSplitTheCallsBetweenTheTwoApis() {
		runner(60, 40).run((context) -> {
			SmsGateway sms = context.getBean(SmsGateway.class);
			int json = 0;
			for (int i = 0; i < 100; i++) {
				json += sms.send("+4915112345678", "hello " + i).equals("json:provider_a") ? 1 : 0;
			}
			assertThat(json).isEqualTo(60);
			assertThat(this.a.requests()).isEqualTo(60);
			assertThat(this.b.requests()).isEqualTo(40);
		});
	}

	@Test
	void vendorAnswering500IsFailedOverToTheOtherVendorsAdapter() {
		this.a.status(500);
		runner(50, 50).run((context) -> {
			SmsGateway sms = context.getBean(SmsGateway.class);
			for (int i = 0; i < 20; i++) {
				assertThat(sms.send("+4915112345678", "hello")).isEqualTo("form:provider_b");
			}
			assertThat(this.b.requests()).isEqualTo(20);
		});
	}

	@Test
	void businessErrorOfAnAdapterIsNotRetriedNorCountedByTheBreaker() {
		this.a.behave(new FakeVendor.Answer(200, "{\"code\":\"INVALID_NUMBER\",\"message\":\"no such number\"}"));
		runner(50, 50).withPropertyValues("third-party.sms.strategy=priority").run((context) -> {
			SmsGateway sms = context.getBean(SmsGateway.class);
			assertThatExceptionOfType(VendorException.class).isThrownBy(() -> sms.send("+1", "hello"))
				.satisfies((failure) -> {
					assertThat(failure.kind()).isEqualTo(VendorException.Kind.BUSINESS_ERROR);
					assertThat(failure.code()).isEqualTo("INVALID_NUMBER");
				});
			assertThat(this.a.requests()).isEqualTo(1);
			assertThat(this.b.requests()).isZero();
			assertThat(context.getBean(ProviderGuards.class)
				.find("sms.provider_a")
				.getCircuitBreaker()
				.getMetrics()
				.getNumberOfFailedCalls()).isZero();
		});
	}

	@Test
	void futureMethodRunsThroughTheAdaptersAndFailsOver() {
		this.a.status(503);
		runner(50, 50)
			.withConfiguration(
					AutoConfigurations.of(JacksonAutoConfiguration.class, ThirdPartyAsyncAutoConfiguration.class))
			.run((context) -> {
				SmsGateway sms = context.getBean(SmsGateway.class);
				for (int i = 0; i < 4; i++) {
					CompletableFuture<String> answer = sms.sendAsync("+4915112345678", "hello");
					assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("form:provider_b");
				}
				assertThat(this.a.requests()).isPositive();
				assertThat(this.b.requests()).isEqualTo(4);
			});
	}

	@Test
	void callersOfTheInterfaceGetTheRoutingBeanAndAnAdapterByClassIsAPlainBean() {
		runner(50, 50).run((context) -> {
			assertThat(AopUtils.isAopProxy(context.getBean(SmsGateway.class))).isTrue();
			JsonApiSms adapter = context.getBean(JsonApiSms.class);
			assertThat(AopUtils.isAopProxy(adapter)).isFalse();
			assertThat(adapter.send("+4915112345678", "direct")).isEqualTo("json:provider_a");
			assertThat(this.a.requests()).isEqualTo(1);
		});
	}

	@Test
	void anAdaptersSettingsFollowAReloadedUrl() {
		try (FakeVendor moved = AdapterTestVendors.jsonVendor()) {
			runner(50, 50).withPropertyValues("third-party.sms.strategy=priority").run((context) -> {
				SmsGateway sms = context.getBean(SmsGateway.class);
				sms.send("+4915112345678", "before");
				ConfigurableEnvironment environment = context.getEnvironment();
				environment.getPropertySources()
					.addFirst(new MapPropertySource("moved",
							AdapterTestVendors.providers(moved.url(), 50, this.b.url(), 50)));
				context.getBean(ServiceRegistry.class).reload();
				assertThat(sms.send("+4915112345678", "after")).isEqualTo("json:provider_a");
				assertThat(this.a.requests()).isEqualTo(1);
				assertThat(moved.requests()).isEqualTo(1);
			});
		}
	}

}
