package io.thirdparty.quota;

import java.time.Instant;

/**
 * The quota of a service or of a provider is spent for the current window: the cause of a
 * {@code ThirdPartyException} of kind {@code QUOTA_EXHAUSTED} when the service's own
 * quota ended the call. Carries when the next window opens, e.g. for a
 * {@code Retry-After}.
 */
public class QuotaExhaustedException extends RuntimeException {

	private final String scope;

	private final QuotaSettings settings;

	private final transient Instant nextWindow;

	/**
	 * Creates an exception for a spent quota.
	 * @param scope what the quota belongs to, e.g. {@code service 'sms'}
	 * @param settings the quota
	 * @param nextWindow when the next window opens, or {@code null} when not known
	 */
	public QuotaExhaustedException(String scope, QuotaSettings settings, Instant nextWindow) {
		super("quota of " + scope + " (" + settings + ") is spent"
				+ ((nextWindow != null) ? " until " + nextWindow : ""), null, false, false);
		this.scope = scope;
		this.settings = settings;
		this.nextWindow = nextWindow;
	}

	/**
	 * Returns what the quota belongs to.
	 * @return e.g. {@code service 'sms'} or {@code provider 'sms.cheap'}
	 */
	public String scope() {
		return this.scope;
	}

	/**
	 * Returns the quota.
	 * @return its settings
	 */
	public QuotaSettings settings() {
		return this.settings;
	}

	/**
	 * Returns when the next window opens and the quota has room again.
	 * @return the instant, or {@code null} when not known
	 */
	public Instant nextWindow() {
		return this.nextWindow;
	}

}
