package io.thirdparty.discovery;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.config.ServiceProperties;
import io.thirdparty.config.ServiceProperties.ProviderProperties;
import io.thirdparty.provider.ProviderSource;
import io.thirdparty.provider.Secrets;

/**
 * Providers of the services that name a
 * {@code third-party.<service>.discovery.service-id}: every instance Spring Cloud's
 * {@link DiscoveryClient} reports under that id becomes a provider.
 * <p>
 * An instance's settings come from its metadata, under {@value #PREFIX}: the keys of a
 * configured provider ({@code third-party.name}, {@code third-party.weight},
 * {@code third-party.priority}, {@code third-party.enabled}, {@code third-party.url},
 * {@code third-party.metadata.<key>}, {@code third-party.auth.*}, ...), bound the same
 * way. Without {@code third-party.url} the url is the instance's URI followed by
 * {@code third-party.path} when set; without {@code third-party.name} the name is the
 * instance id, else {@code <service-id>-<host>-<port>}. The other metadata entries are
 * copied to the provider's metadata unless {@code third-party.metadata} sets them.
 * <p>
 * When the discovery client fails, the instances last seen for that id are used (logged
 * at WARN); {@link #changed()} tells whether what discovery reports now differs from what
 * the last reload took.
 */
public class DiscoveredProviders implements ProviderSource {

	/** Prefix of the instance metadata keys read as provider settings. */
	public static final String PREFIX = "third-party";

	private static final Log logger = LogFactory.getLog(DiscoveredProviders.class);

	private final Supplier<@Nullable DiscoveryClient> client;

	private final Map<String, List<Seen>> taken = new ConcurrentHashMap<>();

	/**
	 * Creates the source.
	 * @param client supplies the application's discovery client, {@code null} when it has
	 * none
	 */
	public DiscoveredProviders(Supplier<@Nullable DiscoveryClient> client) {
		this.client = client;
	}

	@Override
	public List<ProviderProperties> providers(String service, ServiceProperties settings) {
		String serviceId = settings.getDiscovery().getServiceId();
		if (serviceId == null || serviceId.isBlank()) {
			return List.of();
		}
		String property = "third-party." + service + ".discovery.service-id";
		List<Seen> instances = query(serviceId, property);
		this.taken.put(serviceId, instances);
		List<ProviderProperties> providers = new ArrayList<>(instances.size());
		for (Seen instance : instances) {
			providers.add(provider(serviceId, instance));
		}
		return providers;
	}

	/**
	 * Tells whether discovery now reports, for any service id the last reload asked
	 * about, other instances or other metadata than that reload took.
	 * @return whether a reload would change the discovered providers
	 */
	public boolean changed() {
		for (Map.Entry<String, List<Seen>> entry : this.taken.entrySet()) {
			DiscoveryClient client = this.client.get();
			if (client == null) {
				return false;
			}
			try {
				if (!entry.getValue().equals(seen(client.getInstances(entry.getKey())))) {
					return true;
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Discovery of '" + entry.getKey() + "' failed; its providers stay as they are: "
						+ Secrets.describe(ex));
				logger.debug("Discovery failure", ex);
			}
		}
		return false;
	}

	private List<Seen> query(String serviceId, String property) {
		DiscoveryClient client = this.client.get();
		if (client == null) {
			throw new InvalidThirdPartyConfigurationException(property, serviceId,
					"the application has no Spring Cloud DiscoveryClient",
					"Add a discovery client (spring-cloud-starter-alibaba-nacos-discovery, Eureka, Consul, ...) or "
							+ "spring.cloud.discovery.client.simple.instances." + serviceId + ", or remove " + property
							+ ".");
		}
		try {
			return seen(client.getInstances(serviceId));
		}
		catch (RuntimeException ex) {
			List<Seen> last = this.taken.get(serviceId);
			logger.warn("Discovery of '" + serviceId + "' (" + property + ") failed; "
					+ ((last != null) ? "using the " + last.size() + " instance(s) last seen" : "no instance known yet")
					+ ": " + Secrets.describe(ex));
			logger.debug("Discovery failure", ex);
			return (last != null) ? last : List.of();
		}
	}

	private static List<Seen> seen(List<ServiceInstance> instances) {
		List<Seen> seen = new ArrayList<>(instances.size());
		for (ServiceInstance instance : instances) {
			seen.add(new Seen(instance.getInstanceId(), instance.getHost(), instance.getPort(), instance.getUri(),
					(instance.getMetadata() != null) ? Map.copyOf(instance.getMetadata()) : Map.of()));
		}
		return List.copyOf(seen);
	}

	private static ProviderProperties provider(String serviceId, Seen instance) {
		Map<String, String> own = new LinkedHashMap<>();
		Map<String, String> other = new LinkedHashMap<>();
		instance.metadata().forEach((key, value) -> {
			if (key.startsWith(PREFIX + ".")) {
				own.put(key, value);
			}
			else {
				other.put(key, value);
			}
		});
		ProviderProperties provider = new ProviderProperties();
		new Binder(new MapConfigurationPropertySource(own)).bind(PREFIX, Bindable.ofInstance(provider));
		if (provider.getName() == null || provider.getName().isBlank()) {
			provider.setName((instance.instanceId() != null && !instance.instanceId().isBlank()) ? instance.instanceId()
					: serviceId + "-" + instance.host() + "-" + instance.port());
		}
		if (provider.getUrl() == null) {
			String path = Objects.requireNonNullElse(own.get(PREFIX + ".path"), "");
			String base = String.valueOf(instance.uri());
			if (base.endsWith("/") && path.startsWith("/")) {
				path = path.substring(1);
			}
			provider.setUrl(base + path);
		}
		Map<String, String> metadata = new LinkedHashMap<>(other);
		metadata.putAll(provider.getMetadata());
		provider.setMetadata(metadata);
		return provider;
	}

	/**
	 * What one instance looked like to a reload.
	 */
	private record Seen(@Nullable String instanceId, String host, int port, URI uri, Map<String, String> metadata) {
	}

}
