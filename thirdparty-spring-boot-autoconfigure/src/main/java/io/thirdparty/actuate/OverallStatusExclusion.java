package io.thirdparty.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

/**
 * Keeps the {@code thirdParty} contributor out of the application's overall health status
 * ({@code third-party.health.include-in-overall-status=false}): the primary health group
 * no longer counts it, while health groups that include it, such as
 * {@code management.endpoint.health.group.vendors.include=thirdParty}, still show it.
 */
public class OverallStatusExclusion implements HealthEndpointGroupsPostProcessor {

	@Override
	public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
		Map<String, HealthEndpointGroup> others = new LinkedHashMap<>();
		for (String name : groups.getNames()) {
			others.put(name, groups.get(name));
		}
		return HealthEndpointGroups.of(new WithoutThirdParty(groups.getPrimary()), others);
	}

	/**
	 * The primary group without the {@code thirdParty} contributor.
	 */
	private record WithoutThirdParty(HealthEndpointGroup primary) implements HealthEndpointGroup {

		@Override
		public boolean isMember(String name) {
			boolean thirdParty = name.equals(ThirdPartyHealthContributor.NAME)
					|| name.startsWith(ThirdPartyHealthContributor.NAME + "/");
			return !thirdParty && this.primary.isMember(name);
		}

		@Override
		public boolean showComponents(SecurityContext securityContext) {
			return this.primary.showComponents(securityContext);
		}

		@Override
		public boolean showDetails(SecurityContext securityContext) {
			return this.primary.showDetails(securityContext);
		}

		@Override
		public StatusAggregator getStatusAggregator() {
			return this.primary.getStatusAggregator();
		}

		@Override
		public HttpCodeStatusMapper getHttpCodeStatusMapper() {
			return this.primary.getHttpCodeStatusMapper();
		}

		@Override
		public AdditionalHealthEndpointPath getAdditionalPath() {
			return this.primary.getAdditionalPath();
		}

	}

}
