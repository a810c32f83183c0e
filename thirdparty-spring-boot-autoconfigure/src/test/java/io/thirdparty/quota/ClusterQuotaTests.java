package io.thirdparty.quota;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import io.thirdparty.ThirdPartyException;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.MutableClock;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.RedisKeys;
import io.thirdparty.test.RedisServers;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Quotas shared through the test Redis by two application contexts, as two instances of
 * one application: the cheap vendor gets its quota and not one request more, the rest
 * goes to the dearer one, and a provider skipped for its quota is neither called nor
 * counted as failing. Both instances follow one clock the test moves, set a minute into
 * an hour, so that windows of an hour cannot turn while a test runs.
 */
class ClusterQuotaTests {

	private static final String CHEAP = "{\"vendor\":\"cheap\"}";

	private static final String DEAR = "{\"vendor\":\"dear\"}";

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	@RegisterExtension
	final RedisKeys keys = RedisKeys.under("quota");

	private final FakeVendor cheap = this.vendors.start("cheap");

	private final FakeVendor dear = this.vendors.start("dear");

	private final MutableClock clock = new MutableClock(
			Instant.ofEpochMilli(Instant.now().toEpochMilli() / 3_600_000 * 3_600_000).plusSeconds(60));

	private ApplicationContextRunner instance() {
		return PipelineRunner.create()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withBean(SmsClient.class)
			.withBean(Clock.class, () -> this.clock)
			.withPropertyValues(RedisServers.find().springProperties())
			.withPropertyValues("spring.data.redis.timeout=5s", "third-party.quotas.timeout=5s",
					"third-party.quotas.key-prefix=" + this.keys.prefix(), "third-party.sms.strategy=cost",
					"third-party.sms.retry.backoff=10ms", "third-party.sms.providers[0].name=dear",
					"third-party.sms.providers[0].url=" + this.dear.url(), "third-party.sms.providers[0].cost=2.5",
					"third-party.sms.providers[1].name=cheap", "third-party.sms.providers[1].url=" + this.cheap.url(),
					"third-party.sms.providers[1].cost=0.8", "third-party.sms.providers[1].quota.limit=20",
					"third-party.sms.providers[1].quota.period=1h");
	}

	@Test
	void quotaIsHeldAcrossTwoInstances() {
		instance().run((one) -> instance().run((two) -> {
			assertThat(one.getBean(Quotas.class).isShared()).isTrue();
			List<String> answers = new java.util.ArrayList<>();
			for (int i = 0; i < 30; i++) {
				answers.add(one.getBean(SmsClient.class).send("one " + i));
				answers.add(two.getBean(SmsClient.class).send("two " + i));
			}
			assertThat(this.cheap.requests()).isEqualTo(20);
			assertThat(this.dear.requests()).isEqualTo(40);
			assertThat(answers).hasSize(60).containsOnly(CHEAP, DEAR);
			assertThat(answers.subList(0, 20)).containsOnly(CHEAP);
			assertThat(answers.subList(20, 60)).containsOnly(DEAR);
		}));
	}

	@Test
	void cheapVendorTakesCallsAgainWhenTheNextWindowOpens() {
		instance().run((one) -> instance().run((two) -> {
			for (int i = 0; i < 15; i++) {
				one.getBean(SmsClient.class).send("one " + i);
				two.getBean(SmsClient.class).send("two " + i);
			}
			assertThat(this.cheap.requests()).isEqualTo(20);
			assertThat(unavailableReason(one, "cheap")).startsWith("quota of 20 per 1h spent until");

			this.clock.advance(Duration.ofHours(1));
			assertThat(unavailableReason(one, "cheap")).isNull();
			for (int i = 0; i < 15; i++) {
				assertThat(two.getBean(SmsClient.class).send("two " + i)).isEqualTo(CHEAP);
			}
			assertThat(this.cheap.requests()).isEqualTo(35);
		}));
	}

	@Test
	void providerWithSpentQuotaIsSkippedWithoutAnAttemptAFailureOrABreakerCall() {
		instance()
			.withPropertyValues("third-party.sms.providers[1].quota.limit=5",
					"third-party.sms.circuit-breaker.minimum-calls=2",
					"third-party.sms.circuit-breaker.sliding-window-size=10",
					"third-party.sms.circuit-breaker.consecutive-failures=1")
			.run((context) -> {
				SmsClient sms = context.getBean(SmsClient.class);
				for (int i = 0; i < 5; i++) {
					assertThat(sms.whoAnswers("hi")).isEqualTo(CHEAP + "#1");
				}
				for (int i = 0; i < 15; i++) {
					assertThat(sms.whoAnswers("hi")).as("served by the next provider in its first attempt")
						.isEqualTo(DEAR + "#1");
				}
				assertThat(this.cheap.requests()).isEqualTo(5);
				assertThat(this.dear.requests()).isEqualTo(15);
				ServiceDefinition service = context.getBean(ServiceRegistry.class).get("sms");
				int index = service.indexOf("cheap");
				CircuitBreaker breaker = service.guard(index).getCircuitBreaker();
				assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
				assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isEqualTo(5);
				assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
				assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isZero();
				assertThat(service.state(index).failures()).isZero();
				assertThat(service.state(index).rejected()).isZero();
				assertThat(service.state(index).calls()).isEqualTo(5);
			});
	}

	@Test
	void spentServiceQuotaFailsCallsOnEveryInstanceWithoutCallingAVendor() {
		ApplicationContextRunner runner = instance().withPropertyValues("third-party.sms.quota.limit=10",
				"third-party.sms.quota.period=1h");
		runner.run((one) -> runner.run((two) -> {
			for (int i = 0; i < 5; i++) {
				one.getBean(SmsClient.class).send("one " + i);
				two.getBean(SmsClient.class).send("two " + i);
			}
			assertThat(this.cheap.requests() + this.dear.requests()).isEqualTo(10);
			for (ConfigurableApplicationContext context : List.of(one, two)) {
				assertThatExceptionOfType(ThirdPartyException.class)
					.isThrownBy(() -> context.getBean(SmsClient.class).send("more"))
					.satisfies((ex) -> {
						assertThat(ex.kind()).isEqualTo(ThirdPartyException.Kind.QUOTA_EXHAUSTED);
						assertThat(ex.getCause()).isInstanceOf(QuotaExhaustedException.class);
						assertThat(((QuotaExhaustedException) ex.getCause()).nextWindow())
							.isEqualTo(this.clock.instant().minusSeconds(60).plus(Duration.ofHours(1)));
						assertThat(ex.getMessage()).contains("quota exhausted")
							.contains("service 'sms'")
							.contains("10 per 1h");
					});
			}
			assertThat(this.cheap.requests() + this.dear.requests()).isEqualTo(10);
		}));
	}

	@Test
	void everyProviderQuotaSpentFailsTheCallAsQuotaExhausted() {
		instance()
			.withPropertyValues("third-party.sms.providers[0].quota.limit=1",
					"third-party.sms.providers[0].quota.period=1h", "third-party.sms.providers[1].quota.limit=1")
			.run((context) -> {
				SmsClient sms = context.getBean(SmsClient.class);
				assertThat(sms.send("a")).isEqualTo(CHEAP);
				assertThat(sms.send("b")).isEqualTo(DEAR);
				assertThatExceptionOfType(ThirdPartyException.class).isThrownBy(() -> sms.send("c")).satisfies((ex) -> {
					assertThat(ex.kind()).isEqualTo(ThirdPartyException.Kind.QUOTA_EXHAUSTED);
					assertThat(ex.attempts()).extracting((attempt) -> attempt.cause().getMessage())
						.anyMatch((message) -> message.contains("quota of 1 per 1h spent"));
				});
				assertThat(this.cheap.requests() + this.dear.requests()).isEqualTo(2);
			});
	}

	private static String unavailableReason(ConfigurableApplicationContext context, String provider) {
		ServiceDefinition service = context.getBean(ServiceRegistry.class).get("sms");
		return service.unavailableReason(service.indexOf(provider));
	}

}
