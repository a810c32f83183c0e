package io.thirdparty.provider;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import io.thirdparty.Provider;

/**
 * Primary and backups: always the candidate with the lowest priority, configuration order
 * breaking ties.
 */
final class PrioritySelector implements ProviderSelector {

	private final int[] order;

	PrioritySelector(List<Provider> providers) {
		this.order = IntStream.range(0, providers.size())
			.boxed()
			.sorted(Comparator.comparingInt((Integer i) -> providers.get(i).priority()).thenComparingInt(i -> i))
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
