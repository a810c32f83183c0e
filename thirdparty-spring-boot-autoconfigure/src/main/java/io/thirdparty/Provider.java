package io.thirdparty;

import java.util.Map;
import java.util.Objects;

import io.thirdparty.provider.Secrets;

/**
 * One vendor endpoint of a third-party service, as configured under
 * {@code third-party.<service>.providers[]}.
 *
 * @param service name of the service the provider belongs to
 * @param name name of the provider, unique within its service
 * @param url configured base URL of the provider
 * @param weight configured weight in weighted selection
 * @param priority order in priority selection, lower first
 * @param metadata free-form settings of the provider (for example, references to API
 * keys)
 * @param cost price of one call in cost selection, cheaper first
 */
public record Provider(String service, String name, String url, int weight, int priority, Map<String, String> metadata,
		double cost) {

	public Provider {
		Objects.requireNonNull(service, "service");
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(url, "url");
		metadata = (metadata != null) ? Map.copyOf(metadata) : Map.of();
	}

	/**
	 * Creates a provider that costs nothing in cost selection.
	 * @param service name of the service the provider belongs to
	 * @param name name of the provider, unique within its service
	 * @param url configured base URL of the provider
	 * @param weight configured weight in weighted selection
	 * @param priority order in priority selection, lower first
	 * @param metadata free-form settings of the provider
	 */
	public Provider(String service, String name, String url, int weight, int priority, Map<String, String> metadata) {
		this(service, name, url, weight, priority, metadata, 0);
	}

	/**
	 * Returns the provider's identifier, {@code <service>.<name>}, which also names its
	 * circuit breaker, rate limiter and bulkhead.
	 * @return the identifier
	 */
	public String id() {
		return this.service + "." + this.name;
	}

	/**
	 * Describes the provider without its metadata, which may reference secrets, and with
	 * the user-info and query string of its url masked.
	 */
	@Override
	public String toString() {
		return id() + "[" + Secrets.mask(this.url) + "]";
	}

}
