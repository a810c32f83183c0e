package io.thirdparty.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Asks every instance of the application to drop cached results of a service, so that the
 * next call of each key loads it from the vendor: publish it with Spring's
 * {@link org.springframework.context.ApplicationEventPublisher} when the data behind
 * those keys changed (a message from the vendor, a change made through another system).
 * <pre>
 * publisher.publishEvent(new CacheRefreshEvent("price", List.of("SKU-7", "SKU-9")));
 * </pre> The keys are applied in this instance at once and sent to the others on the
 * Redis channel {@code <key-prefix>thirdparty:cache:refresh} when the application has
 * Redis; without Redis, in this instance only. No key means the service's whole cache.
 */
public final class CacheRefreshEvent {

	private final String service;

	private final List<Object> keys;

	/**
	 * Creates the event.
	 * @param service the service whose cached results are dropped
	 * @param keys the keys' values, as {@code @ThirdPartyCall(key)} evaluates them; empty
	 * for every key of the service
	 */
	public CacheRefreshEvent(String service, Collection<?> keys) {
		this.service = Objects.requireNonNull(service, "service");
		this.keys = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(keys, "keys")));
	}

	/**
	 * Returns the service.
	 * @return the service name
	 */
	public String service() {
		return this.service;
	}

	/**
	 * Returns the keys.
	 * @return their values; empty for every key of the service
	 */
	public List<Object> keys() {
		return this.keys;
	}

	@Override
	public String toString() {
		return "CacheRefreshEvent[service=" + this.service + ", keys=" + this.keys.size() + "]";
	}

}
