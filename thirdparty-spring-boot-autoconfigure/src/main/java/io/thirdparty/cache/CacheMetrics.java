package io.thirdparty.cache;

/**
 * Records how cached calls were answered.
 */
@FunctionalInterface
public interface CacheMetrics {

	/** Records nothing. */
	CacheMetrics NONE = (service, result) -> {
	};

	/**
	 * Records one cached call.
	 * @param service the service name
	 * @param result how it was answered
	 */
	void record(String service, CacheResult result);

}
