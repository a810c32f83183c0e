package io.thirdparty.operator;

import org.jspecify.annotations.Nullable;

/**
 * One operator action on a service or one of its providers.
 *
 * @param service the service name
 * @param provider the provider acted on, or {@code null} for {@code release} and
 * {@code cache-version}
 * @param action what was done
 * @param version the new cache version, for {@code cache-version}
 */
public record OperatorChange(String service, @Nullable String provider, OperatorAction action,
		@Nullable String version) {

	/**
	 * Returns the part of the service's operator state the change sets; one change of a
	 * part replaces the previous one: {@code provider:<name>} (disabled or enabled),
	 * {@code breaker:<name>}, {@code switchover} (forced or released) and
	 * {@code cache-version}.
	 * @return the part's name, a field of the service's record in Redis
	 */
	public String part() {
		return switch (this.action) {
			case DISABLE, ENABLE -> "provider:" + this.provider;
			case RESET_BREAKER -> "breaker:" + this.provider;
			case FORCE, RELEASE -> "switchover";
			case CACHE_VERSION -> "cache-version";
		};
	}

}
