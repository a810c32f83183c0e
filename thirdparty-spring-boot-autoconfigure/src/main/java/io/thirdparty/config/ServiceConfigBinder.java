package io.thirdparty.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Binds every service under {@code third-party} from the environment, each on top of
 * {@code third-party.defaults}. Bound afresh on each call so that a changed environment (Nacos,
 * a refresh, an operator) gives a new, complete set of settings. A single value directly under
 * {@code third-party} ({@code THIRDPARTY_VERSION=1} in the environment is
 * {@code third-party.version}) is not a service: it is left out, with one warning per key.
 */
public class ServiceConfigBinder {

	/**
	 * Keys under {@code third-party} that are not services.
	 */
	public static final Set<String> RESERVED_NAMES = Set.of("defaults", "cache", "async", "callbacks", "health",
			"dashboard");

	private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(ThirdPartyProperties.PREFIX);

	private static final Log logger = LogFactory.getLog(ServiceConfigBinder.class);

	private final Environment environment;

	private final Set<String> ignored = ConcurrentHashMap.newKeySet();

	/**
	 * Creates a binder reading the given environment.
	 * @param environment the environment
	 */
	public ServiceConfigBinder(Environment environment) {
		this.environment = environment;
	}

	/**
	 * Binds the current settings of every service.
	 * @return the services by name, in configuration order, with defaults applied
	 */
	public Map<String, ServiceProperties> bind() {
		Binder binder = Binder.get(this.environment);
		for (String reserved : RESERVED_NAMES) {
			ConfigurationPropertyName providers = ROOT.append(reserved).append("providers");
			if (binder.bind(providers, Bindable.listOf(ServiceProperties.ProviderProperties.class)).isBound()) {
				if (reserved.equals("defaults")) {
					throw new InvalidThirdPartyConfigurationException(providers.toString(), reserved,
							"providers belong to a service, and third-party.defaults holds only the settings every "
									+ "service inherits",
							"Move them to the service that calls them: third-party.<service>.providers[0].name and .url.");
				}
				throw new InvalidThirdPartyConfigurationException(providers.toString(), reserved,
						"'" + reserved + "' is a reserved key under third-party, not a service name",
						"Rename the service: reserved names are " + RESERVED_NAMES + ".");
			}
		}
		Map<String, ServiceProperties> services = new LinkedHashMap<>();
		for (ConfigurationPropertyName name : serviceNames().values()) {
			ServiceProperties service = new ServiceProperties();
			binder.bind(ROOT.append("defaults"), Bindable.ofInstance(service));
			binder.bind(name, Bindable.ofInstance(service));
			services.put(name.getLastElement(Form.ORIGINAL), service);
		}
		return services;
	}

	/**
	 * Finds the services by the names their properties use in the property sources, keeping
	 * the first spelling of each and configuration order.
	 */
	private Map<String, ConfigurationPropertyName> serviceNames() {
		Map<String, ConfigurationPropertyName> names = new LinkedHashMap<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.stream().filter(this::isServiceProperty).forEach((name) -> {
					if (name.getNumberOfElements() == ROOT.getNumberOfElements() + 1) {
						ignore(name, iterable);
						return;
					}
					ConfigurationPropertyName service = name.chop(ROOT.getNumberOfElements() + 1);
					names.putIfAbsent(service.getLastElement(Form.UNIFORM), service);
				});
			}
		}
		return names;
	}

	private void ignore(ConfigurationPropertyName name, ConfigurationPropertySource source) {
		String key = ThirdPartyProperties.PREFIX + "." + name.getLastElement(Form.DASHED);
		if (this.ignored.add(key)) {
			ConfigurationProperty property = source.getConfigurationProperty(name);
			Object origin = (property != null && property.getOrigin() != null) ? property.getOrigin() : name;
			Object underlying = source.getUnderlyingSource();
			String from = (underlying instanceof PropertySource<?> propertySource) ? propertySource.getName()
					: String.valueOf(underlying);
			logger.warn("Ignoring " + key + " from property source '" + from + "' (" + origin
					+ "): a value directly under " + ThirdPartyProperties.PREFIX + " is not a service; a service is a "
					+ "map such as " + ThirdPartyProperties.PREFIX + ".<service>.providers[0].url");
		}
	}

	private boolean isServiceProperty(ConfigurationPropertyName name) {
		if (!ROOT.isAncestorOf(name)) {
			return false;
		}
		String first = name.getElement(ROOT.getNumberOfElements(), Form.UNIFORM);
		return !RESERVED_NAMES.contains(first);
	}

}
