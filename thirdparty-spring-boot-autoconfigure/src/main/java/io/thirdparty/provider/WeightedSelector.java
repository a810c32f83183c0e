package io.thirdparty.provider;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.thirdparty.Provider;

/**
 * Smooth weighted round robin (the nginx algorithm) without locks, proportional among
 * whichever providers are candidates: the schedule of one full cycle is computed from the
 * weights of the candidates themselves, once per set of candidates, and callers walk it
 * through an atomic cursor. With weights 50/50/50 and one provider out, the other two get
 * half the calls each.
 * <p>
 * Cycles are kept in a small table indexed by the set of candidates (directly for
 * services of up to six weighted providers, by hash with a check of the set beyond), so
 * that selection reads one array slot and allocates nothing once a set of candidates has
 * been seen; the set changes only when a provider leaves or rejoins selection.
 */
final class WeightedSelector implements ProviderSelector {

	/** Longest cycle kept; larger weight sums are scaled down in proportion. */
	static final int MAX_CYCLE = 10_000;

	private static final int SLOTS = 64;

	private final int[] weights;

	private final long weighted;

	private final AtomicReferenceArray<Cycle> cycles = new AtomicReferenceArray<>(SLOTS);

	private final AtomicLong cursor = new AtomicLong();

	WeightedSelector(List<Provider> providers, long enabled) {
		this.weights = new int[providers.size()];
		long weighted = 0;
		for (int i = 0; i < this.weights.length; i++) {
			if ((enabled & (1L << i)) != 0 && providers.get(i).weight() > 0) {
				this.weights[i] = providers.get(i).weight();
				weighted |= 1L << i;
			}
		}
		this.weighted = weighted;
	}

	@Override
	public int select(long candidates) {
		long set = candidates & this.weighted;
		if (set == 0) {
			return -1;
		}
		if ((set & (set - 1)) == 0) {
			return Long.numberOfTrailingZeros(set);
		}
		int[] schedule = cycle(set);
		return schedule[(int) Long.remainderUnsigned(this.cursor.getAndIncrement(), schedule.length)];
	}

	/**
	 * Returns the cycle walked while every weighted provider is a candidate.
	 * @return the indexes of one full cycle
	 */
	int[] schedule() {
		return (this.weighted != 0) ? cycle(this.weighted).clone() : new int[0];
	}

	private int[] cycle(long set) {
		int slot = (set < SLOTS) ? (int) set : (int) ((set * 0x9E3779B97F4A7C15L) >>> 58);
		Cycle cycle = this.cycles.get(slot);
		if (cycle == null || cycle.set() != set) {
			// Computed at most once per set in the common case; two threads racing
			// compute the
			// same value, and either may stay.
			cycle = new Cycle(set, schedule(reduce(masked(set))));
			this.cycles.set(slot, cycle);
		}
		return cycle.schedule();
	}

	private int[] masked(long set) {
		int[] masked = new int[this.weights.length];
		for (int i = 0; i < masked.length; i++) {
			masked[i] = ((set & (1L << i)) != 0) ? this.weights[i] : 0;
		}
		return masked;
	}

	private static int[] reduce(int[] weights) {
		int gcd = 0;
		long sum = 0;
		for (int weight : weights) {
			gcd = gcd(gcd, weight);
			sum += weight;
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

	/**
	 * One full cycle for one set of candidates.
	 */
	private record Cycle(long set, int[] schedule) {
	}

}
