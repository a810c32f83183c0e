package io.thirdparty.quota;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.thirdparty.Provider;
import io.thirdparty.config.ServiceProperties;
import io.thirdparty.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quotas counted by one instance, on a clock the test moves: fixed windows aligned on the
 * epoch, the hint of a spent quota, refunds, and the local share.
 */
class QuotaTests {

	/** Ten seconds into an hour, so that a window of an hour has 59m50s left. */
	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:10Z"));

	private final Quotas quotas = new Quotas(this.clock);

	@Test
	void allowsTheLimitPerWindowAndRefillsWhenTheNextWindowOpens() {
		Quota quota = providerQuota(3, Duration.ofHours(1));
		assertThat(acquired(quota, 5)).isEqualTo(3);
		assertThat(quota.isSpent()).isTrue();
		assertThat(quota.spentUntil()).isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));
		assertThat(quota.spentReason()).isEqualTo("quota of 3 per 1h spent until 2026-03-01T11:00:00Z");

		this.clock.advance(Duration.ofMinutes(59).plusSeconds(49));
		assertThat(quota.isSpent()).isTrue();
		assertThat(quota.tryAcquire()).isFalse();

		this.clock.advance(Duration.ofSeconds(1));
		assertThat(quota.isSpent()).isFalse();
		assertThat(acquired(quota, 5)).isEqualTo(3);
	}

	@Test
	void windowsStartAtMultiplesOfThePeriodSinceTheEpochWhateverTheFirstUse() {
		Quota quota = providerQuota(2, Duration.ofSeconds(10));
		this.clock.advance(Duration.ofSeconds(9));
		assertThat(acquired(quota, 3)).isEqualTo(2);
		assertThat(quota.spentUntil()).isEqualTo(Instant.parse("2026-03-01T10:00:20Z"));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(acquired(quota, 3)).isEqualTo(2);
	}

	@Test
	void refundedRequestIsAvailableAgain() {
		Quota quota = providerQuota(1, Duration.ofHours(1));
		assertThat(quota.tryAcquire()).isTrue();
		quota.refund();
		assertThat(quota.tryAcquire()).isTrue();
		assertThat(quota.tryAcquire()).isFalse();
	}

	@Test
	void withoutSharedBucketsEachInstanceCountsTheWholeLimit() {
		Quota quota = providerQuota(10, Duration.ofHours(1));
		assertThat(quota.isShared()).isFalse();
		assertThat(acquired(quota, 20)).isEqualTo(10);
	}

	@Test
	void localShareIsRoundedDownButNeverBelowOneRequest() {
		assertThat(new QuotaSettings(50, Duration.ofSeconds(1), 0.5).localLimit()).isEqualTo(25);
		assertThat(new QuotaSettings(5, Duration.ofSeconds(1), 0.5).localLimit()).isEqualTo(2);
		assertThat(new QuotaSettings(1, Duration.ofSeconds(1), 0.25).localLimit()).isEqualTo(1);
	}

	@Test
	void unchangedSettingsKeepTheQuotaAndItsCountAcrossReloads() {
		Quota quota = providerQuota(2, Duration.ofHours(1));
		quota.tryAcquire();
		assertThat(providerQuota(2, Duration.ofHours(1))).isSameAs(quota);
		Quota changed = providerQuota(3, Duration.ofHours(1));
		assertThat(changed).isNotSameAs(quota);
		assertThat(acquired(changed, 5)).isEqualTo(3);
	}

	@Test
	void providerWithoutQuotaHasNone() {
		ServiceProperties service = new ServiceProperties();
		ServiceProperties.ProviderProperties properties = new ServiceProperties.ProviderProperties();
		assertThat(this.quotas.forProvider(new Provider("sms", "a", "http://a.example", 100, 0, null), properties,
				service))
			.isNull();
	}

	private Quota providerQuota(long limit, Duration period) {
		ServiceProperties service = new ServiceProperties();
		ServiceProperties.ProviderProperties properties = new ServiceProperties.ProviderProperties();
		properties.getQuota().setLimit(limit);
		properties.getQuota().setPeriod(period);
		return this.quotas.forProvider(new Provider("sms", "a", "http://a.example", 100, 0, null), properties, service);
	}

	private static int acquired(Quota quota, int tries) {
		int acquired = 0;
		for (int i = 0; i < tries; i++) {
			if (quota.tryAcquire()) {
				acquired++;
			}
		}
		return acquired;
	}

}
