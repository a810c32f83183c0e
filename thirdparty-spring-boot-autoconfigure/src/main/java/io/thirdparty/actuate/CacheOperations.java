package io.thirdparty.actuate;

/**
 * What the {@code thirdparty} endpoint may show and change of a service's cache. The
 * cache implements it as a bean; without one, the endpoint shows no cache and refuses to
 * set a cache version.
 */
public interface CacheOperations {

	/**
	 * Describes a service's cache for the endpoint: a small immutable value that
	 * serializes to JSON (settings such as ttl and version, statistics), without secrets.
	 * @param service the service name
	 * @return the description, or {@code null} when the service has no cache
	 */
	Object describe(String service);

	/**
	 * Changes the version that is part of every cache key of a service, so that entries
	 * of older versions are no longer read.
	 * @param service the service name
	 * @param version the new version, taken literally (no placeholder in it is resolved)
	 * @return {@code false} when the service has no cache
	 * @throws io.thirdparty.config.InvalidThirdPartyConfigurationException when the
	 * configuration the version would be applied with is refused; the version is then not
	 * kept
	 */
	boolean setVersion(String service, String version);

	/**
	 * Evicts keys of a service's cache on every instance that can be reached.
	 * @param service the service name
	 * @param keys the keys, as {@code @ThirdPartyCall(key)} evaluates them (strings)
	 * @return a small immutable description of what was done, or {@code null} when the
	 * service has no cache (or the cache cannot evict)
	 */
	default Object evict(String service, java.util.List<String> keys) {
		return null;
	}

}
