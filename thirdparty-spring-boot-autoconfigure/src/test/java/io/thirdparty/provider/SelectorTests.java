package io.thirdparty.provider;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.thirdparty.Provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

	@ParameterizedTest(name = "weights {0}")
	@MethodSource("weightSets")
	void weightedSelectionKeepsTheWeightsInProportionForEverySubsetOfCandidates(List<Integer> weights) {
		WeightedSelector selector = new WeightedSelector(
				providers(weights.stream().mapToInt(Integer::intValue).toArray()), 0b111);
		int calls = 60_000;
		for (long subset = 1; subset < 8; subset++) {
			int[] counts = new int[3];
			for (int i = 0; i < calls; i++) {
				counts[selector.select(subset)]++;
			}
			int total = 0;
			for (int i = 0; i < 3; i++) {
				total += ((subset & (1L << i)) != 0) ? weights.get(i) : 0;
			}
			for (int i = 0; i < 3; i++) {
				double expected = ((subset & (1L << i)) != 0) ? (double) weights.get(i) / total : 0;
				assertThat((double) counts[i] / calls)
					.as("share of provider %d among candidates %s", i, Long.toBinaryString(subset))
					.isCloseTo(expected, within(0.001));
			}
		}
	}

	static Stream<List<Integer>> weightSets() {
		return Stream.of(List.of(50, 50, 50), List.of(50, 30, 20), List.of(1, 2, 7), List.of(100, 1, 3));
	}

	@Test
	void weightedSelectionInterleavesTheRemainingProviders() {
		WeightedSelector selector = new WeightedSelector(providers(50, 50, 50), 0b111);
		int[] sequence = new int[6];
		for (int i = 0; i < sequence.length; i++) {
			sequence[i] = selector.select(0b101);
		}
		for (int i = 1; i < sequence.length; i++) {
			assertThat(sequence[i]).as("call %d", i).isNotEqualTo(sequence[i - 1]);
		}
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

	@Test
	void costSelectsTheCheapestCandidateThenPriorityThenConfigurationOrder() {
		List<Provider> providers = List.of(new Provider("svc", "dear", "http://d.example", 100, 0, Map.of(), 2.5),
				new Provider("svc", "cheap", "http://c.example", 100, 0, Map.of(), 0.8),
				new Provider("svc", "mid-backup", "http://m2.example", 100, 1, Map.of(), 1.2),
				new Provider("svc", "mid", "http://m.example", 100, 0, Map.of(), 1.2));
		ProviderSelector selector = Strategy.COST.selector(providers, 0b1111);
		assertThat(selector.select(0b1111)).isEqualTo(1);
		assertThat(selector.select(0b1101)).isEqualTo(3);
		assertThat(selector.select(0b0101)).isEqualTo(2);
		assertThat(selector.select(0b0001)).isEqualTo(0);
		assertThat(selector.select(0)).isEqualTo(-1);
	}

}
