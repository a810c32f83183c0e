package io.thirdparty.observation;

import io.micrometer.observation.Observation;

/**
 * What the {@code thirdparty.calls} observation of one {@code @ThirdPartyCall} knows: its
 * service from the start, and once it ends the provider of its last attempt, its outcome
 * and how many attempts it made. A {@link ThirdPartyCallObservationConvention} turns it
 * into the observation's name and key values.
 */
public class ThirdPartyCallContext extends Observation.Context {

	private final String service;

	private String provider;

	private CallOutcome outcome;

	private int attempts;

	/**
	 * Creates the context of a call.
	 * @param service the service called
	 */
	public ThirdPartyCallContext(String service) {
		this.service = service;
	}

	public String getService() {
		return this.service;
	}

	/**
	 * Returns the provider of the call's last attempt.
	 * @return the provider's name, or {@code null} while none was tried
	 */
	public String getProvider() {
		return this.provider;
	}

	public void setProvider(String provider) {
		this.provider = provider;
	}

	/**
	 * Returns how the call ended.
	 * @return the outcome, or {@code null} until the call ends
	 */
	public CallOutcome getOutcome() {
		return this.outcome;
	}

	public void setOutcome(CallOutcome outcome) {
		this.outcome = outcome;
	}

	/**
	 * Returns how many attempts the call made.
	 * @return the number of attempts, 0 while none began
	 */
	public int getAttempts() {
		return this.attempts;
	}

	public void setAttempts(int attempts) {
		this.attempts = attempts;
	}

}
