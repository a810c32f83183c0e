package io.thirdparty.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Binds every service under {@code third-party} from the environment, each on top of
 * {@code third-party.defaults}. Bound afresh on each call so that a changed environment (Nacos,
 * a refresh, an operator) gives a new, complete set of settings.
 */
public class ServiceConfigBinder {

	/**
	 * Keys under {@code third-party} that are not services.
	 */
	public static final Set<String> RESERVED_NAMES = Set.of("defaults", "cache", "async", "callbacks", "health");

	private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(ThirdPartyProperties.PREFIX);

	private final Environment environment;

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
					ConfigurationPropertyName service = name.chop(ROOT.getNumberOfElements() + 1);
					names.putIfAbsent(service.getLastElement(Form.UNIFORM), service);
				});
			}
		}
		return names;
	}

	private boolean isServiceProperty(ConfigurationPropertyName name) {
		if (!ROOT.isAncestorOf(name)) {
			return false;
		}
		String first = name.getElement(ROOT.getNumberOfElements(), Form.UNIFORM);
		return !RESERVED_NAMES.contains(first);
	}

}
