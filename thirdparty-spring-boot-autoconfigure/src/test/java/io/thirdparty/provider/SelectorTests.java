package io.thirdparty.provider;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.thirdparty.Provider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Selection strategies, without a context.
 */
class SelectorTests {

	private static List<Provider> providers(int... weights) {
		return IntStream.range(0, weights.length)
			.mapToObj((i) -> new Provider("svc", "p" + i, "http://p" + i + ".example", weights[i], 0, Map.of()))
			.toList();
	}

	@Test
	void weightedCycleGivesEachProviderItsExactShareInterleaved() {
		WeightedSelector selector = new WeightedSelector(providers(60, 40), 0b11);
		assertThat(selector.schedule()).containsExactly(0, 1, 0, 1, 0);
	}

	@Test
	void weightedSelectionSkipsProvidersThatAreNotCandidates() {
		WeightedSelector selector = new WeightedSelector(providers(50, 30, 20), 0b111);
		Map<Integer, Integer> counts = new HashMap<>();
		for (int i = 0; i < 1000; i++) {
			counts.merge(selector.select(0b110), 1, Integer::sum);
		}
		assertThat(counts).containsOnlyKeys(1, 2);
	}

	@Test
	void weightedSelectionIgnoresConfiguredDisabledAndZeroWeightProviders() {
		WeightedSelector selector = new WeightedSelector(providers(10, 0, 10), 0b011);
		assertThat(selector.schedule()).containsOnly(0);
		assertThat(selector.select(0b100)).isEqualTo(-1);
	}

	@Test
	void weightedCycleIsBoundedForHugeWeights() {
		WeightedSelector selector = new WeightedSelector(providers(999_983, 1_000_003), 0b11);
		assertThat(selector.schedule().length).isLessThanOrEqualTo(WeightedSelector.MAX_CYCLE + 2);
	}

	@Test
	void prioritySelectsTheLowestPriorityCandidateThenConfigurationOrder() {
		List<Provider> providers = List.of(new Provider("svc", "backup", "http://b.example", 100, 2, Map.of()),
				new Provider("svc", "primary", "http://p.example", 100, 1, Map.of()),
				new Provider("svc", "other", "http://o.example", 100, 2, Map.of()));
		PrioritySelector selector = new PrioritySelector(providers);
		assertThat(selector.select(0b111)).isEqualTo(1);
		assertThat(selector.select(0b101)).isEqualTo(0);
		assertThat(selector.select(0b100)).isEqualTo(2);
		assertThat(selector.select(0)).isEqualTo(-1);
	}

}
