package io.thirdparty.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
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
	public static final Set<String> RESERVED_NAMES = Set.of("defaults", "cache", "async", "callbacks");

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
		Map<String, ServiceProperties> services = new LinkedHashMap<>();
		for (String name : serviceNames()) {
			ServiceProperties service = new ServiceProperties();
			binder.bind(ROOT.append("defaults"), Bindable.ofInstance(service));
			binder.bind(ROOT.append(name), Bindable.ofInstance(service));
			services.put(name, service);
		}
		return services;
	}

	/**
	 * Binds {@code third-party.defaults} alone, which must have no providers.
	 * @return the defaults block
	 */
	public ServiceProperties bindDefaults() {
		ServiceProperties defaults = new ServiceProperties();
		Binder.get(this.environment).bind(ROOT.append("defaults"), Bindable.ofInstance(defaults));
		return defaults;
	}

	private Set<String> serviceNames() {
		List<ConfigurationPropertySource> sources = new ArrayList<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			sources.add(source.filter(this::isServiceProperty));
		}
		Binder servicesOnly = new Binder(sources, new PropertySourcesPlaceholdersResolver(this.environment));
		return servicesOnly.bind(ROOT, Bindable.mapOf(String.class, ServiceProperties.class))
			.map(Map::keySet)
			.orElse(Set.of());
	}

	private boolean isServiceProperty(ConfigurationPropertyName name) {
		if (!ROOT.isAncestorOf(name)) {
			return false;
		}
		String first = name.getElement(ROOT.getNumberOfElements(), ConfigurationPropertyName.Form.UNIFORM);
		return !RESERVED_NAMES.contains(first);
	}

}
