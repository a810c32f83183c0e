package io.thirdparty.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;

import io.thirdparty.provider.ProviderState.CheckStatus;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;

/**
 * The {@code thirdParty} health contributor: one {@link HealthIndicator} per configured
 * service, following configuration reloads. A service is UP while one of its providers is
 * {@linkplain ServiceDefinition#healthy() healthy}, and DOWN when every provider is
 * disabled, ejected or failing: a provider kept in selection as the last resort although
 * it fails its health checks, or whose breaker is half-open, does not keep its service
 * UP. Its details list each provider's state, the reason when it is not UP, its breaker
 * and its health-check verdict.
 */
public class ThirdPartyHealthContributor implements CompositeHealthContributor {

	/** Name of the contributor under /actuator/health. */
	public static final String NAME = "thirdParty";

	private final ServiceRegistry services;

	/**
	 * Creates the contributor.
	 * @param services the configured services
	 */
	public ThirdPartyHealthContributor(ServiceRegistry services) {
		this.services = services;
	}

	@Override
	public HealthContributor getContributor(String name) {
		return (this.services.get(name) != null) ? new ServiceHealthIndicator(this.services, name) : null;
	}

	@Override
	public Stream<Entry> stream() {
		return this.services.all()
			.stream()
			.map((service) -> new Entry(service.name(), new ServiceHealthIndicator(this.services, service.name())));
	}

	/**
	 * The health of one service.
	 */
	static final class ServiceHealthIndicator implements HealthIndicator {

		private final ServiceRegistry services;

		private final String name;

		ServiceHealthIndicator(ServiceRegistry services, String name) {
			this.services = services;
			this.name = name;
		}

		@Override
		public Health health() {
			ServiceDefinition service = this.services.get(this.name);
			if (service == null) {
				return Health.unknown().withDetail("reason", "service no longer configured").build();
			}
			Health.Builder health = (service.healthy() != 0) ? Health.up() : Health.down();
			health.withDetail("strategy", service.settings().getStrategy());
			Map<String, Object> providers = new LinkedHashMap<>();
			for (int i = 0; i < service.providers().size(); i++) {
				if (service.state(i).isForced()) {
					health.withDetail("forced", service.provider(i).name());
				}
				providers.put(service.provider(i).name(), describe(service, i));
			}
			return health.withDetail("providers", providers).build();
		}

		private static Map<String, Object> describe(ServiceDefinition service, int index) {
			Map<String, Object> provider = new LinkedHashMap<>();
			provider.put("state", service.status(index));
			String reason = service.reason(index);
			if (reason != null) {
				provider.put("reason", reason);
			}
			CircuitBreaker breaker = service.guard(index).getCircuitBreaker();
			if (breaker != null) {
				provider.put("circuitBreaker", breaker.getState());
			}
			CheckStatus check = service.state(index).checkStatus();
			if (check != null) {
				provider.put("healthCheck", check);
			}
			return provider;
		}

	}

}
