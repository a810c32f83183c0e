package io.thirdparty.operator;

import java.util.Locale;

/**
 * An operator action of the {@code thirdparty} endpoint that every instance of the
 * application applies when the operator state is shared.
 */
public enum OperatorAction {

	/** Takes a provider out of selection. */
	DISABLE,

	/** Puts a disabled provider back into selection. */
	ENABLE,

	/** Gives every call of a service to one provider (switchover). */
	FORCE,

	/** Ends a switchover. */
	RELEASE,

	/** Closes a provider's breaker and forgets the calls it recorded. */
	RESET_BREAKER,

	/** Sets the version that is part of a service's cache keys. */
	CACHE_VERSION;

	/**
	 * Returns the action as the endpoint names it, e.g. {@code reset-breaker}.
	 * @return the name
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Returns the action of a {@link #value() name}.
	 * @param value the name, e.g. {@code reset-breaker}
	 * @return the action
	 * @throws IllegalArgumentException when no action has that name
	 */
	public static OperatorAction of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
	}

}
