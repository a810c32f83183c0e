package io.thirdparty.config;

/**
 * Thrown when the configuration under {@code third-party} cannot be used. Names the full
 * key, the value found, why it is wrong and what to change; reported at startup by
 * {@link InvalidThirdPartyConfigurationFailureAnalyzer}.
 */
public class InvalidThirdPartyConfigurationException extends RuntimeException {

	private final String property;

	private final Object value;

	private final String reason;

	private final String action;

	/**
	 * Creates an exception for one bad key.
	 * @param property the full key, e.g. {@code third-party.sms.providers[1].url}
	 * @param value the value found (may be {@code null})
	 * @param reason why the value cannot be used
	 * @param action what to change
	 */
	public InvalidThirdPartyConfigurationException(String property, Object value, String reason, String action) {
		this(property, value, reason, action, null);
	}

	/**
	 * Creates an exception for one bad key, found through another failure.
	 * @param property the full key, e.g. {@code third-party.sms.strategy}
	 * @param value the value found (may be {@code null})
	 * @param reason why the value cannot be used
	 * @param action what to change
	 * @param cause the failure that found it, or {@code null}
	 */
	public InvalidThirdPartyConfigurationException(String property, Object value, String reason, String action,
			Throwable cause) {
		super("Invalid value '" + value + "' for '" + property + "': " + reason, cause);
		this.property = property;
		this.value = value;
		this.reason = reason;
		this.action = action;
	}

	public String getProperty() {
		return this.property;
	}

	public Object getValue() {
		return this.value;
	}

	public String getReason() {
		return this.reason;
	}

	public String getAction() {
		return this.action;
	}

}
