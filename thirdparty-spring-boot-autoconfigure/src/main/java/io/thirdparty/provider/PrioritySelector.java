package io.thirdparty.provider;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import io.thirdparty.Provider;

/**
 * Primary and backups: always the first candidate in a fixed order, by default the lowest
 * priority, configuration order breaking ties (strategy {@code cost} orders by cost
 * first).
 */
final class PrioritySelector implements ProviderSelector {

	private final int[] order;

	PrioritySelector(List<Provider> providers) {
		this(providers, Comparator.comparingInt(Provider::priority));
	}

	PrioritySelector(List<Provider> providers, Comparator<Provider> order) {
		this.order = IntStream.range(0, providers.size())
			.boxed()
			.sorted(Comparator.comparing((Integer i) -> providers.get(i), order).thenComparingInt(i -> i))
			.mapToInt(Integer::intValue)
			.toArray();
	}

	@Override
	public int select(long candidates) {
		for (int index : this.order) {
			if ((candidates & (1L << index)) != 0) {
				return index;
			}
		}
		return -1;
	}

}
