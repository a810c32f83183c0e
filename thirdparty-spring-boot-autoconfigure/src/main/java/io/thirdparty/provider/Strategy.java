package io.thirdparty.provider;

import java.util.Comparator;
import java.util.List;

import io.thirdparty.Provider;

/**
 * How a service chooses a provider for each attempt.
 */
public enum Strategy {

	/**
	 * Smooth weighted round robin: over any run of calls each provider gets its share of
	 * calls in proportion to its weight, interleaved rather than in bursts.
	 */
	WEIGHTED {
		@Override
		public ProviderSelector selector(List<Provider> providers, long enabled) {
			return new WeightedSelector(providers, enabled);
		}
	},

	/**
	 * Primary and backups: the available provider with the lowest priority takes every
	 * call.
	 */
	PRIORITY {
		@Override
		public ProviderSelector selector(List<Provider> providers, long enabled) {
			return new PrioritySelector(providers);
		}
	},

	/**
	 * Cheapest first: the available provider with the lowest {@code cost} takes every
	 * call until its quota is spent or it fails, then the next cheapest; priority, then
	 * configuration order, break ties. With quotas this is "the cheap vendor up to its
	 * contract, then the dearer one".
	 */
	COST {
		@Override
		public ProviderSelector selector(List<Provider> providers, long enabled) {
			return new PrioritySelector(providers,
					Comparator.comparingDouble(Provider::cost).thenComparingInt(Provider::priority));
		}
	};

	/**
	 * Creates the selector of one service.
	 * @param providers the service's providers, in configuration order
	 * @param enabled bit {@code i} set when provider {@code i} is enabled in
	 * configuration
	 * @return a selector
	 */
	public abstract ProviderSelector selector(List<Provider> providers, long enabled);

}
