package io.thirdparty.operator;

import org.jspecify.annotations.Nullable;

import io.thirdparty.actuate.CacheOperations;
import io.thirdparty.provider.ProviderControl;

/**
 * Applies on this instance an operator change made on another one.
 */
public class OperatorApplier {

	private final ProviderControl control;

	private final @Nullable CacheOperations cache;

	/**
	 * Creates the applier.
	 * @param control carries out actions on providers
	 * @param cache the cache's operations, or {@code null} when there is no cache
	 */
	public OperatorApplier(ProviderControl control, @Nullable CacheOperations cache) {
		this.control = control;
		this.cache = cache;
	}

	/**
	 * Applies a change; a service or provider this instance does not have is left alone.
	 * @param change the change
	 * @param reason who asked, logged and published with the change
	 * @return {@code false} when the change did not apply here
	 */
	public boolean apply(OperatorChange change, String reason) {
		String service = change.service();
		String provider = change.provider();
		return switch (change.action()) {
			case DISABLE -> this.control.disable(service, provider, reason) != null;
			case ENABLE -> this.control.enable(service, provider, reason) != null;
			case FORCE -> this.control.force(service, provider, reason) != null;
			case RELEASE -> this.control.release(service, reason);
			case RESET_BREAKER -> this.control.resetBreaker(service, provider) != null;
			case CACHE_VERSION ->
				this.cache != null && change.version() != null && this.cache.setVersion(service, change.version());
		};
	}

}
