package io.thirdparty.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.thirdparty.actuate.OverallStatusExclusion;
import io.thirdparty.actuate.ThirdPartyHealthContributor;
import io.thirdparty.actuate.ThirdPartyHealthProperties;
import io.thirdparty.provider.ServiceRegistry;

/**
 * Auto-configuration of the {@code thirdParty} health contributor: one indicator per
 * service. Off with {@code management.health.thirdparty.enabled=false}; kept out of the
 * overall status with {@code third-party.health.include-in-overall-status=false}.
 */
@AutoConfiguration(after = ThirdPartyAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(ServiceRegistry.class)
@ConditionalOnEnabledHealthIndicator("thirdparty")
@EnableConfigurationProperties(ThirdPartyHealthProperties.class)
public class ThirdPartyHealthContributorAutoConfiguration {

	/**
	 * Bean name of the contributor, which names it {@code thirdParty} under
	 * /actuator/health.
	 */
	public static final String CONTRIBUTOR_BEAN = "thirdPartyHealthContributor";

	@Bean(CONTRIBUTOR_BEAN)
	@ConditionalOnMissingBean(name = CONTRIBUTOR_BEAN)
	ThirdPartyHealthContributor thirdPartyHealthContributor(ServiceRegistry services) {
		return new ThirdPartyHealthContributor(services);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor",
			"org.springframework.boot.actuate.endpoint.SecurityContext" })
	@ConditionalOnProperty(name = "third-party.health.include-in-overall-status", havingValue = "false")
	static class OverallStatusExclusionConfiguration {

		@Bean
		@ConditionalOnMissingBean
		OverallStatusExclusion thirdPartyOverallStatusExclusion() {
			return new OverallStatusExclusion();
		}

	}

}
