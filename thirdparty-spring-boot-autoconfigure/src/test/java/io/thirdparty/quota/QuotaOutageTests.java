package io.thirdparty.quota;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.thirdparty.cache.redis.RedisAvailability;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.MutableClock;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.RedisServers;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis killed under two running instances that share a quota: each falls back to its
 * local share of the quota (never to no limit), logs it once, and goes back to the shared
 * bucket by itself once Redis returns. The instances follow one clock the test moves: a
 * new window of the hour-long quota opens only when the test says so.
 */
@ExtendWith(OutputCaptureExtension.class)
class QuotaOutageTests {

	private static final String OUTAGE = "Redis is unavailable to the third-party starter";

	private static final String RECOVERY = "Redis is reachable again after";

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor cheap = this.vendors.start("cheap");

	private final FakeVendor dear = this.vendors.start("dear");

	private final RedisServers.OwnServer redis = RedisServers.ownServer();

	private final MutableClock clock = new MutableClock(
			Instant.ofEpochMilli(Instant.now().toEpochMilli() / 3_600_000 * 3_600_000).plusSeconds(60));

	@AfterEach
	void stop() {
		this.redis.close();
	}

	private ApplicationContextRunner instance() {
		// a live Redis must answer within the timeouts even on a loaded machine, or a
		// call counts as an outage
		return PipelineRunner.create()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withBean(SmsClient.class)
			.withBean(Clock.class, () -> this.clock)
			.withPropertyValues("spring.data.redis.host=" + this.redis.host(),
					"spring.data.redis.port=" + this.redis.port(), "spring.data.redis.timeout=5s",
					"spring.data.redis.connect-timeout=2s", "third-party.quotas.timeout=2s",
					"third-party.cache.redis.retry-interval=1s", "third-party.sms.strategy=cost",
					"third-party.sms.retry.backoff=10ms", "third-party.sms.providers[0].name=dear",
					"third-party.sms.providers[0].url=" + this.dear.url(), "third-party.sms.providers[0].cost=2",
					"third-party.sms.providers[1].name=cheap", "third-party.sms.providers[1].url=" + this.cheap.url(),
					"third-party.sms.providers[1].cost=1", "third-party.sms.providers[1].quota.limit=20",
					"third-party.sms.providers[1].quota.period=1h", "third-party.sms.quota.local-share=0.25");
	}

	@Test
	void eachInstanceKeepsToItsLocalShareWhileRedisIsDownAndReturnsToTheSharedQuota(CapturedOutput output) {
		instance().run((one) -> instance().run((two) -> {
			SmsClient first = one.getBean(SmsClient.class);
			SmsClient second = two.getBean(SmsClient.class);
			for (int i = 0; i < 15; i++) {
				first.send("one " + i);
				second.send("two " + i);
			}
			assertThat(this.cheap.requests()).as("shared while Redis is up").isEqualTo(20);
			assertThat(this.dear.requests()).isEqualTo(10);

			this.redis.kill();
			this.clock.advance(Duration.ofHours(1));
			for (int i = 0; i < 20; i++) {
				first.send("one " + i);
				second.send("two " + i);
			}
			assertThat(this.cheap.requests() - 20).as("a quarter of 20 on each instance while Redis is down")
				.isEqualTo(10);
			assertThat(this.dear.requests() - 10).isEqualTo(30);
			assertThat(occurrences(output.getAll(), OUTAGE)).as("one warning per instance").isEqualTo(2);
			assertThat(one.getBean(RedisAvailability.class).isUp())
				.as("the quotas' outage is the starter's one Redis outage")
				.isFalse();
			assertThat(output.getAll()).contains("quotas fall back to each instance's local share");

			this.redis.start();
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
				this.clock.advance(Duration.ofSeconds(1));
				first.send("probe");
				second.send("probe");
				return occurrences(output.getAll(), RECOVERY) == 2;
			});
			assertThat(occurrences(output.getAll(), OUTAGE)).isEqualTo(2);

			this.clock.advance(Duration.ofHours(1));
			int cheapBefore = this.cheap.requests();
			for (int i = 0; i < 30; i++) {
				first.send("one " + i);
			}
			assertThat(this.cheap.requests() - cheapBefore).as("the whole shared quota again, not a local share")
				.isEqualTo(20);
		}));
	}

	@Test
	void requestsSentBeforeAnOutageInItsWindowCountAgainstTheLocalShare() {
		instance().withPropertyValues("third-party.sms.quota.local-share=0.5").run((context) -> {
			SmsClient sms = context.getBean(SmsClient.class);
			for (int i = 0; i < 8; i++) {
				sms.send("before " + i);
			}
			assertThat(this.cheap.requests()).isEqualTo(8);

			this.redis.kill();
			for (int i = 0; i < 10; i++) {
				sms.send("during " + i);
			}
			assertThat(this.cheap.requests()).as("what remains of a local share of 10 after 8").isEqualTo(10);
			assertThat(this.dear.requests()).isEqualTo(8);
		});
	}

	private static int occurrences(String text, String needle) {
		int count = 0;
		for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
			count++;
		}
		return count;
	}

}
