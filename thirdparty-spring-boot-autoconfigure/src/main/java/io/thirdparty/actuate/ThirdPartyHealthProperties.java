package io.thirdparty.actuate;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code thirdParty} health contributor, {@code third-party.health}. Turn
 * the contributor off with {@code management.health.thirdparty.enabled=false}.
 */
@ConfigurationProperties("third-party.health")
public class ThirdPartyHealthProperties {

	/**
	 * Whether the health of third-party services counts towards the application's overall
	 * status; when false a vendor outage leaves /actuator/health UP, and the thirdParty
	 * contributor is seen only through a health group that includes it.
	 */
	private boolean includeInOverallStatus = true;

	public boolean isIncludeInOverallStatus() {
		return this.includeInOverallStatus;
	}

	public void setIncludeInOverallStatus(boolean includeInOverallStatus) {
		this.includeInOverallStatus = includeInOverallStatus;
	}

}
