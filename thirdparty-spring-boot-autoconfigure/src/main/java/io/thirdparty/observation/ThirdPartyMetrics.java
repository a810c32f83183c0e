package io.thirdparty.observation;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.ApplicationListener;

import io.thirdparty.provider.ProviderFailoverEvent;
import io.thirdparty.provider.ProviderStatus;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;

/**
 * The provider meters: the {@value #STATE} gauges (one per provider and state, tagged
 * {@code service}, {@code provider}, {@code state}, 1 for the provider's current state
 * and 0 for the others) and the {@value #FAILOVERS} counter (tagged {@code service},
 * {@code from}, {@code to}). Gauges follow configuration reloads: those of removed
 * providers are removed.
 */
public class ThirdPartyMetrics
		implements Consumer<Collection<ServiceDefinition>>, ApplicationListener<ProviderFailoverEvent> {

	/** Name of the provider state gauges. */
	public static final String STATE = "thirdparty.provider.state";

	/** Name of the failover counter. */
	public static final String FAILOVERS = "thirdparty.failovers";

	private final MeterRegistry registry;

	private final ServiceRegistry services;

	private final Map<String, List<Meter>> gauges = new HashMap<>();

	/**
	 * Creates the meters; {@link ServiceRegistry#addReloadListener register} it to get
	 * the gauges.
	 * @param registry where the meters live
	 * @param services the configured services
	 */
	public ThirdPartyMetrics(MeterRegistry registry, ServiceRegistry services) {
		this.registry = registry;
		this.services = services;
	}

	/**
	 * Registers the gauges of new providers and removes those of providers no longer
	 * configured.
	 * @param definitions the services now configured
	 */
	@Override
	public synchronized void accept(Collection<ServiceDefinition> definitions) {
		Set<String> ids = new HashSet<>();
		for (ServiceDefinition service : definitions) {
			for (int i = 0; i < service.providers().size(); i++) {
				String id = service.provider(i).id();
				ids.add(id);
				if (!this.gauges.containsKey(id)) {
					this.gauges.put(id, register(service.name(), service.provider(i).name()));
				}
			}
		}
		this.gauges.entrySet().removeIf((entry) -> {
			if (ids.contains(entry.getKey())) {
				return false;
			}
			entry.getValue().forEach(this.registry::remove);
			return true;
		});
	}

	@Override
	public void onApplicationEvent(ProviderFailoverEvent event) {
		Counter.builder(FAILOVERS)
			.description("Calls moved to another provider after a failed attempt")
			.tag("service", event.getService())
			.tag("from", event.getFrom().name())
			.tag("to", event.getTo().name())
			.register(this.registry)
			.increment();
	}

	private List<Meter> register(String service, String provider) {
		return Arrays.stream(ProviderStatus.values())
			.map((status) -> (Meter) Gauge.builder(STATE, () -> (status(service, provider) == status) ? 1 : 0)
				.description("State of each third-party provider: 1 for its current state")
				.tag("service", service)
				.tag("provider", provider)
				.tag("state", status.name().toLowerCase())
				.register(this.registry))
			.toList();
	}

	private ProviderStatus status(String service, String provider) {
		ServiceDefinition definition = this.services.get(service);
		int index = (definition != null) ? definition.indexOf(provider) : -1;
		return (index >= 0) ? definition.status(index) : null;
	}

}
