package io.thirdparty.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

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
 * {@code third-party.defaults}. Bound afresh on each call so that a changed environment
 * (Nacos, a refresh, an operator) gives a new, complete set of settings. A single value
 * directly under {@code third-party} ({@code THIRDPARTY_VERSION=1} in the environment is
 * {@code third-party.version}) is not a service: it is left out, with one warning per
 * key.
 * <p>
 * A cache version an operator sets ({@link #overrideCacheVersion}) is applied to the
 * bound settings as it is, never through the environment, so no placeholder in it is
 * resolved, and it applies only while its service is configured.
 * <p>
 * A key that no service setting, {@code third-party.defaults} or
 * {@code third-party.cache} takes (a misspelt {@code third-party.sms.retry.max-atempts})
 * is ignored by binding; each bind logs one warning per such key, naming where it was set
 * and the nearest valid key.
 */
public class ServiceConfigBinder {

	/**
	 * Keys under {@code third-party} that are not services.
	 */
	public static final Set<String> RESERVED_NAMES = Set.of("defaults", "cache", "async", "callbacks", "health",
			"operator", "dashboard", "quotas");

	private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(ThirdPartyProperties.PREFIX);

	private static final Log logger = LogFactory.getLog(ServiceConfigBinder.class);

	private final ConfigurationKeys serviceKeys = ConfigurationKeys.of(ServiceProperties.class);

	private final ConfigurationKeys defaultsKeys = this.serviceKeys.without("providers").without("discovery");

	private final ConfigurationKeys cacheKeys = ConfigurationKeys.of(ThirdPartyProperties.Cache.class);

	private final Environment environment;

	private final Set<String> ignored = ConcurrentHashMap.newKeySet();

	private final Map<String, String> cacheVersions = new ConcurrentHashMap<>();

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
		ConfigurationPropertyName defaultDiscovery = ROOT.append("defaults").append("discovery");
		if (binder.bind(defaultDiscovery, Bindable.of(ServiceProperties.Discovery.class)).isBound()) {
			throw new InvalidThirdPartyConfigurationException(defaultDiscovery + ".service-id", "defaults",
					"the discovery service id belongs to a service, and third-party.defaults holds only the settings "
							+ "every service inherits",
					"Move it to the service whose providers it finds: third-party.<service>.discovery.service-id.");
		}
		warnUnknownKeys();
		Map<String, ServiceProperties> services = new LinkedHashMap<>();
		for (ConfigurationPropertyName name : serviceNames().values()) {
			ServiceProperties service = new ServiceProperties();
			binder.bind(ROOT.append("defaults"), Bindable.ofInstance(service));
			binder.bind(name, Bindable.ofInstance(service));
			String serviceName = name.getLastElement(Form.ORIGINAL);
			String version = this.cacheVersions.get(serviceName);
			if (version != null) {
				service.getCache().setVersion(version);
			}
			services.put(serviceName, service);
		}
		return services;
	}

	/**
	 * Sets the cache version of a service over the one its properties give, from the next
	 * {@link #bind()} on, until it is set again or the application stops. The version is
	 * taken literally.
	 * @param service the service name
	 * @param version the version, or {@code null} to go back to the configured one
	 * @return the version this replaces, or {@code null} when none was set
	 */
	public @Nullable String overrideCacheVersion(String service, @Nullable String version) {
		return (version != null) ? this.cacheVersions.put(service, version) : this.cacheVersions.remove(service);
	}

	/**
	 * Finds the services by the names their properties use in the property sources,
	 * keeping the first spelling of each and configuration order.
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

	/**
	 * Logs one warning per key under {@code third-party} that binds to nothing, naming
	 * the first property source that sets it and the nearest valid key. The other
	 * reserved keys ({@code async}, {@code callbacks}, {@code health}) belong to other
	 * settings classes and are not checked here.
	 */
	private void warnUnknownKeys() {
		int first = ROOT.getNumberOfElements();
		Map<String, String> warnings = new LinkedHashMap<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			iterable.stream()
				.filter((name) -> ROOT.isAncestorOf(name) && name.getNumberOfElements() > first + 1)
				.forEach((name) -> {
					String top = name.getElement(first, Form.UNIFORM);
					ConfigurationKeys keys = switch (top) {
						case "defaults" -> this.defaultsKeys;
						case "cache" -> this.cacheKeys;
						default -> RESERVED_NAMES.contains(top) ? null : this.serviceKeys;
					};
					if (keys == null || keys.isKnown(name, first + 1)) {
						return;
					}
					String owner = ThirdPartyProperties.PREFIX + "." + name.getElement(first, Form.DASHED) + ".";
					String key = owner + ConfigurationKeys.dashed(name, first + 1);
					warnings.computeIfAbsent(key,
							(unknown) -> "Ignoring unknown key " + unknown + " from " + describe(source, name)
									+ ": no setting has that name; the nearest valid key is " + owner
									+ keys.nearest(ConfigurationKeys.dashed(name, first + 1)));
				});
		}
		warnings.values().forEach(logger::warn);
	}

	private static String describe(ConfigurationPropertySource source, ConfigurationPropertyName name) {
		Object underlying = source.getUnderlyingSource();
		String from = (underlying instanceof PropertySource<?> propertySource) ? propertySource.getName()
				: String.valueOf(underlying);
		ConfigurationProperty property = source.getConfigurationProperty(name);
		Object origin = (property != null) ? property.getOrigin() : null;
		return "property source '" + from + "'" + ((origin != null) ? " (" + origin + ")" : "");
	}

	private boolean isServiceProperty(ConfigurationPropertyName name) {
		if (!ROOT.isAncestorOf(name)) {
			return false;
		}
		String first = name.getElement(ROOT.getNumberOfElements(), Form.UNIFORM);
		return !RESERVED_NAMES.contains(first);
	}

}
