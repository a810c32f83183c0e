package io.thirdparty.provider;

/**
 * Chooses the provider of the next attempt among those currently available. One instance
 * per service and configuration; implementations are thread-safe and take no locks.
 */
@FunctionalInterface
public interface ProviderSelector {

	/**
	 * Chooses one provider.
	 * @param candidates bit {@code i} set when provider {@code i} may be chosen
	 * @return the index of the chosen provider, or -1 when none of the candidates can be
	 * chosen
	 */
	int select(long candidates);

}
