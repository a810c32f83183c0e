package io.thirdparty.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * A value per service and provider name, made on first use and kept: the names and key
 * values an observation of a provider's calls carries, so that a call builds none. Read
 * without allocating once made.
 *
 * @param <T> the type of the values
 */
final class PerProvider<T> {

	private final Map<String, Map<String, T>> values = new ConcurrentHashMap<>();

	private final BiFunction<String, String, T> factory;

	/**
	 * Creates the store.
	 * @param factory makes the value of a service and provider
	 */
	PerProvider(BiFunction<String, String, T> factory) {
		this.factory = factory;
	}

	/**
	 * Returns the value of a service and provider, made now if it is the first use.
	 * @param service the service name
	 * @param provider the provider name
	 * @return the value
	 */
	T get(String service, String provider) {
		Map<String, T> byProvider = this.values.get(service);
		if (byProvider == null) {
			byProvider = this.values.computeIfAbsent(service, (name) -> new ConcurrentHashMap<>());
		}
		T value = byProvider.get(provider);
		if (value == null) {
			value = byProvider.computeIfAbsent(provider, (name) -> this.factory.apply(service, name));
		}
		return value;
	}

}
