package io.thirdparty.observation;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.thirdparty.actuate.TrafficStatistics;
import io.thirdparty.actuate.TrafficStatistics.ProviderTraffic;
import io.thirdparty.actuate.TrafficStatistics.ServiceTraffic;
import io.thirdparty.autoconfigure.ThirdPartyObservationAutoConfiguration;
import io.thirdparty.provider.ProviderState;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The recent traffic the {@code thirdparty} endpoint shows, read from the meters and the
 * providers' counters on the registry's (mock) clock.
 */
class TrafficStatisticsTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("provider_a");

	private final FakeVendor b = this.vendors.start("provider_b");

	private final MockClock clock = new MockClock();

	private ApplicationContextRunner runner() {
		return PipelineRunner.sms(this.a, 50, this.b, 50)
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, ThirdPartyObservationAutoConfiguration.class))
			.withBean(MeterRegistry.class, () -> new SimpleMeterRegistry(SimpleConfig.DEFAULT, this.clock));
	}

	@Test
	void providerRatesAreItsOwnAttemptsOverTheTimeSinceAnEarlierReading() {
		runner().run((context) -> {
			TrafficStatistics traffic = context.getBean(TrafficStatistics.class);
			ServiceDefinition sms = sms(context);
			ProviderState stateA = sms.state(0);
			ProviderTraffic first = traffic.provider(sms, 0);
			assertThat(first.callsPerSecond()).as("no earlier reading").isNull();
			assertThat(first.successRate()).isNull();
			long callsBefore = stateA.calls();
			this.a.status(500);
			SmsClient client = context.getBean(SmsClient.class);
			for (int i = 0; i < 8; i++) {
				client.send("hello");
			}
			this.clock.add(Duration.ofSeconds(2));
			ProviderTraffic failing = traffic.provider(sms, 0);
			long attempts = stateA.calls() - callsBefore;
			assertThat(attempts).as("the failing provider was tried").isPositive();
			assertThat(failing.callsPerSecond()).isCloseTo(attempts / 2.0, within(1e-9));
			assertThat(failing.successRate()).as("every attempt on it failed, though the calls succeeded").isZero();
			assertThat(failing.windowSeconds()).isEqualTo(2.0);
			ProviderTraffic other = traffic.provider(sms, 1);
			assertThat(other.callsPerSecond()).isNull();
			this.clock.add(Duration.ofSeconds(1));
			assertThat(traffic.provider(sms, 1).successRate()).as("no attempt since the first reading").isNull();
		});
	}

	@Test
	void readingsOlderThanTheWindowAreForgotten() {
		runner().run((context) -> {
			TrafficStatistics traffic = context.getBean(TrafficStatistics.class);
			ServiceDefinition sms = sms(context);
			traffic.provider(sms, 0);
			context.getBean(SmsClient.class).send("hello");
			this.clock.add(Duration.ofSeconds(MicrometerTrafficStatistics.WINDOW_SECONDS + 5));
			assertThat(traffic.provider(sms, 0).callsPerSecond()).as("the only earlier reading is too old").isNull();
			this.clock.add(Duration.ofSeconds(1));
			ProviderTraffic quiet = traffic.provider(sms, 0);
			assertThat(quiet.callsPerSecond()).isZero();
			assertThat(quiet.windowSeconds()).isEqualTo(1.0);
		});
	}

	@Test
	void serviceRatesCountItsCallsAndItsCacheHits() {
		runner().run((context) -> {
			TrafficStatistics traffic = context.getBean(TrafficStatistics.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			ServiceDefinition sms = sms(context);
			assertThat(traffic.service(sms).callsPerSecond()).isNull();
			SmsClient client = context.getBean(SmsClient.class);
			for (int i = 0; i < 6; i++) {
				client.send("hello");
			}
			meters.counter("thirdparty.cache.requests", "service", "sms", "result", "hit").increment(3);
			meters.counter("thirdparty.cache.requests", "service", "sms", "result", "miss").increment();
			meters.counter("thirdparty.cache.requests", "service", "other", "result", "miss").increment(10);
			this.clock.add(Duration.ofSeconds(3));
			ServiceTraffic service = traffic.service(sms);
			assertThat(service.callsPerSecond()).isCloseTo(2.0, within(1e-9));
			assertThat(service.cacheHitRate()).isCloseTo(75.0, within(1e-9));
			this.clock.add(Duration.ofSeconds(MicrometerTrafficStatistics.WINDOW_SECONDS + 1));
			assertThat(traffic.service(sms).callsPerSecond()).as("the earlier readings are too old").isNull();
			this.clock.add(Duration.ofSeconds(1));
			ServiceTraffic quiet = traffic.service(sms);
			assertThat(quiet.callsPerSecond()).isZero();
			assertThat(quiet.cacheHitRate()).as("no cached call in the window").isNull();
		});
	}

	@Test
	void latencyIsTheMedianAndP99OfSuccessfulCallsTheStarterPublishes() {
		runner().run((context) -> {
			TrafficStatistics traffic = context.getBean(TrafficStatistics.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			ServiceDefinition sms = sms(context);
			assertThat(traffic.provider(sms, 0).p50Millis()).isNull();
			Timer success = timer(meters, "success");
			Timer failure = timer(meters, "failure");
			for (int i = 0; i < 98; i++) {
				success.record(10, TimeUnit.MILLISECONDS);
			}
			success.record(400, TimeUnit.MILLISECONDS);
			success.record(400, TimeUnit.MILLISECONDS);
			failure.record(5, TimeUnit.SECONDS);
			ProviderTraffic provider = traffic.provider(sms, 0);
			assertThat(provider.p50Millis()).isCloseTo(10.0, within(1.0));
			assertThat(provider.p99Millis()).isCloseTo(400.0, within(40.0));
		});
	}

	@Test
	void percentilesTheApplicationConfiguresWin() {
		runner().withPropertyValues("management.metrics.distribution.percentiles.thirdparty.calls=0.95")
			.run((context) -> {
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				Timer success = timer(meters, "success");
				success.record(10, TimeUnit.MILLISECONDS);
				assertThat(success.takeSnapshot().percentileValues()).singleElement()
					.satisfies((value) -> assertThat(value.percentile()).isEqualTo(0.95));
				ProviderTraffic provider = context.getBean(TrafficStatistics.class).provider(sms(context), 0);
				assertThat(provider.p50Millis()).isNull();
				assertThat(provider.p99Millis()).isNull();
			});
	}

	private static Timer timer(MeterRegistry meters, String outcome) {
		return meters.timer(DefaultThirdPartyCallObservationConvention.NAME, "service", "sms", "provider", "provider_a",
				"outcome", outcome);
	}

	private static ServiceDefinition sms(AssertableApplicationContext context) {
		return context.getBean(ServiceRegistry.class).get("sms");
	}

}
