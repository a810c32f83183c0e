package io.thirdparty.provider;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.thirdparty.Provider;

/**
 * Smooth weighted round robin (the nginx algorithm) without locks: the schedule of one full
 * cycle is computed once from the weights, and callers walk it through an atomic cursor. A
 * provider that is not a candidate is skipped, so its share goes to the next ones in the cycle.
 */
final class WeightedSelector implements ProviderSelector {

	/** Longest cycle kept; larger weight sums are scaled down in proportion. */
	static final int MAX_CYCLE = 10_000;

	private final int[] schedule;

	private final AtomicLong cursor = new AtomicLong();

	WeightedSelector(List<Provider> providers, long enabled) {
		int[] weights = new int[providers.size()];
		for (int i = 0; i < weights.length; i++) {
			weights[i] = ((enabled & (1L << i)) != 0) ? providers.get(i).weight() : 0;
		}
		this.schedule = schedule(reduce(weights));
	}

	@Override
	public int select(long candidates) {
		int length = this.schedule.length;
		if (length == 0) {
			return -1;
		}
		int start = (int) Long.remainderUnsigned(this.cursor.getAndIncrement(), length);
		for (int k = 0; k < length; k++) {
			int index = this.schedule[(start + k) % length];
			if ((candidates & (1L << index)) != 0) {
				return index;
			}
		}
		return -1;
	}

	int[] schedule() {
		return this.schedule.clone();
	}

	private static int[] reduce(int[] weights) {
		int gcd = 0;
		long sum = 0;
		for (int weight : weights) {
			gcd = gcd(gcd, weight);
			sum += weight;
		}
		if (gcd == 0) {
			return weights;
		}
		int[] reduced = new int[weights.length];
		double scale = (sum / gcd > MAX_CYCLE) ? (double) MAX_CYCLE / sum : 1.0 / gcd;
		for (int i = 0; i < weights.length; i++) {
			reduced[i] = (weights[i] == 0) ? 0 : Math.max(1, (int) Math.round(weights[i] * scale));
		}
		return reduced;
	}

	private static int[] schedule(int[] weights) {
		int total = 0;
		for (int weight : weights) {
			total += weight;
		}
		int[] schedule = new int[total];
		int[] current = new int[weights.length];
		for (int slot = 0; slot < total; slot++) {
			int best = -1;
			for (int i = 0; i < weights.length; i++) {
				current[i] += weights[i];
				if (weights[i] > 0 && (best < 0 || current[i] > current[best])) {
					best = i;
				}
			}
			current[best] -= total;
			schedule[slot] = best;
		}
		return schedule;
	}

	private static int gcd(int a, int b) {
		return (b == 0) ? a : gcd(b, a % b);
	}

}
