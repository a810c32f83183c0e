package io.thirdparty.quota;

import java.time.Clock;

import io.github.bucket4j.TimeMeter;

/**
 * Bucket4j's time read from the application's {@link Clock}, so that quota windows, the
 * hints of a spent quota and tests all see one time.
 */
final class ClockTimeMeter implements TimeMeter {

	private final Clock clock;

	ClockTimeMeter(Clock clock) {
		this.clock = clock;
	}

	@Override
	public long currentTimeNanos() {
		return this.clock.millis() * 1_000_000L;
	}

	@Override
	public boolean isWallClockBased() {
		return true;
	}

	@Override
	public String toString() {
		return "ClockTimeMeter[" + this.clock + "]";
	}

}
