package io.thirdparty.quota;

import java.time.Duration;
import java.time.Instant;

import io.github.bucket4j.BucketConfiguration;

import io.thirdparty.config.ServiceProperties;

/**
 * The settings of one quota, as a value: a quota whose settings did not change keeps its
 * state across configuration reloads.
 *
 * @param limit requests allowed per period, every instance together
 * @param period length of the fixed windows, which start at multiples of it since the
 * epoch
 * @param localShare share of the limit one instance allows itself while Redis is
 * unreachable
 */
public record QuotaSettings(long limit, Duration period, double localShare) {

	/**
	 * Returns the settings of a configured quota.
	 * @param quota the quota as configured
	 * @param localShare the service's local share
	 * @return the settings, or {@code null} when no quota is set
	 */
	public static QuotaSettings of(ServiceProperties.Quota quota, double localShare) {
		return quota.isActive() ? new QuotaSettings(quota.getLimit(), quota.getPeriod(), localShare) : null;
	}

	/**
	 * Returns the limit one instance allows itself while Redis is unreachable: the local
	 * share of the limit, rounded down, and at least one request per period.
	 * @return the local limit
	 */
	public long localLimit() {
		return Math.max(1, (long) Math.floor(this.limit * this.localShare));
	}

	/**
	 * Returns a bucket of {@code tokens} per period, refilled whole at the start of each
	 * window. The windows are aligned on multiples of the period since the epoch, so that
	 * every instance, and the configuration each one would write, agree.
	 * @param tokens requests per window
	 * @return the configuration
	 */
	BucketConfiguration bucket(long tokens) {
		long periodMillis = this.period.toMillis();
		return BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(tokens)
				.refillIntervallyAligned(tokens, Duration.ofMillis(periodMillis), Instant.ofEpochMilli(periodMillis)))
			.build();
	}

	/**
	 * Describes the quota, e.g. {@code 50 per 1s}.
	 * @return the description
	 */
	@Override
	public String toString() {
		return this.limit + " per " + format(this.period);
	}

	static String format(Duration duration) {
		long millis = duration.toMillis();
		if (millis % 86_400_000 == 0) {
			return (millis / 86_400_000) + "d";
		}
		if (millis % 3_600_000 == 0) {
			return (millis / 3_600_000) + "h";
		}
		if (millis % 60_000 == 0) {
			return (millis / 60_000) + "m";
		}
		if (millis % 1_000 == 0) {
			return (millis / 1_000) + "s";
		}
		return millis + "ms";
	}

}
