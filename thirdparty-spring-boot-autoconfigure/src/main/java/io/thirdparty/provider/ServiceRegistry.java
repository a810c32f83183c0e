package io.thirdparty.provider;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.core.NestedExceptionUtils;

import io.thirdparty.Provider;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.config.ServiceConfigBinder;
import io.thirdparty.config.ServiceConfigValidator;
import io.thirdparty.config.ServiceProperties;
import io.thirdparty.config.ThirdPartyProperties;
import io.thirdparty.config.ServiceProperties.ProviderProperties;
import io.thirdparty.quota.Quota;
import io.thirdparty.quota.Quotas;
import io.thirdparty.resilience.FailureClassifier;
import io.thirdparty.resilience.ProviderGuard;
import io.thirdparty.resilience.ProviderGuards;

/**
 * The configured services, as one immutable value that is rebuilt from configuration and
 * swapped atomically. Readers on the hot path take no lock; a configuration that fails
 * validation is refused whole and the last good one stays in force. Per-provider state is
 * kept across swaps: breakers and limiters by {@link ProviderGuards}, quotas by
 * {@link Quotas}, operator and health decisions and traffic counters by
 * {@link ProviderStates}.
 */
public class ServiceRegistry {

	private static final Log logger = LogFactory.getLog(ServiceRegistry.class);

	private static final Pattern ADDED_PROVIDER_KEY = Pattern
		.compile(Pattern.quote(ThirdPartyProperties.PREFIX) + "\\.(.+)\\.providers\\[(\\d+)]\\.(.+)");

	private final ServiceConfigBinder binder;

	private final ServiceConfigValidator validator;

	private final ProviderGuards guards;

	private final ProviderStates states;

	private final FailureClassifier classifier;

	private final ProviderSource source;

	private final Quotas quotas;

	private final List<Consumer<Collection<ServiceDefinition>>> listeners = new CopyOnWriteArrayList<>();

	private volatile Map<String, ServiceDefinition> services = Map.of();

	/** Handles given out so far, by service name; guarded by this registry. */
	private final Map<String, Handle> handles = new HashMap<>();

	/**
	 * Creates a registry whose provider states live only in it, and loads the current
	 * configuration.
	 * @param binder binds services from the environment
	 * @param validator checks them
	 * @param guards keeps each provider's protection
	 * @param classifier decides what each failed attempt means
	 * @throws InvalidThirdPartyConfigurationException when the configuration is invalid
	 */
	public ServiceRegistry(ServiceConfigBinder binder, ServiceConfigValidator validator, ProviderGuards guards,
			FailureClassifier classifier) {
		this(binder, validator, guards, classifier, new ProviderStates());
	}

	/**
	 * Creates a registry and loads the current configuration.
	 * @param binder binds services from the environment
	 * @param validator checks them
	 * @param guards keeps each provider's protection
	 * @param classifier decides what each failed attempt means
	 * @param states keeps each provider's runtime state
	 * @throws InvalidThirdPartyConfigurationException when the configuration is invalid
	 */
	public ServiceRegistry(ServiceConfigBinder binder, ServiceConfigValidator validator, ProviderGuards guards,
			FailureClassifier classifier, ProviderStates states) {
		this(binder, validator, guards, classifier, states, ProviderSource.NONE);
	}

	/**
	 * Creates a registry whose services also take providers from a source, and loads the
	 * current configuration.
	 * @param binder binds services from the environment
	 * @param validator checks them
	 * @param guards keeps each provider's protection
	 * @param classifier decides what each failed attempt means
	 * @param states keeps each provider's runtime state
	 * @param source adds providers to each service after its configured ones (discovery)
	 * @throws InvalidThirdPartyConfigurationException when the configuration is invalid
	 */
	public ServiceRegistry(ServiceConfigBinder binder, ServiceConfigValidator validator, ProviderGuards guards,
			FailureClassifier classifier, ProviderStates states, ProviderSource source) {
		this(binder, validator, guards, classifier, states, source, new Quotas(states.clock()));
	}

	/**
	 * Creates a registry whose services also take providers from a source and whose
	 * quotas are kept by {@code quotas}, and loads the current configuration.
	 * @param binder binds services from the environment
	 * @param validator checks them
	 * @param guards keeps each provider's protection
	 * @param classifier decides what each failed attempt means
	 * @param states keeps each provider's runtime state
	 * @param source adds providers to each service after its configured ones (discovery)
	 * @param quotas keeps the quotas of services and providers
	 * @throws InvalidThirdPartyConfigurationException when the configuration is invalid
	 */
	public ServiceRegistry(ServiceConfigBinder binder, ServiceConfigValidator validator, ProviderGuards guards,
			FailureClassifier classifier, ProviderStates states, ProviderSource source, Quotas quotas) {
		this.source = source;
		this.binder = binder;
		this.validator = validator;
		this.guards = guards;
		this.states = states;
		this.classifier = classifier;
		this.quotas = quotas;
		reload();
	}

	/**
	 * Returns the runtime states of the providers.
	 * @return the states
	 */
	public ProviderStates states() {
		return this.states;
	}

	/**
	 * Registers a listener called with every service now and after each successful
	 * reload.
	 * @param listener the listener
	 */
	public void addReloadListener(Consumer<Collection<ServiceDefinition>> listener) {
		this.listeners.add(listener);
		listener.accept(all());
	}

	/**
	 * Returns a service.
	 * @param name the service name
	 * @return the service, or {@code null} when none has that name
	 */
	public ServiceDefinition get(String name) {
		return this.services.get(name);
	}

	/**
	 * Returns a handle on the service of a name, which follows reloads: a caller that
	 * keeps it reads the service as currently configured without looking it up.
	 * @param name the service name
	 * @return the handle, the same one for every call with the same name
	 */
	public synchronized Handle handle(String name) {
		return this.handles.computeIfAbsent(name, (key) -> new Handle(this.services.get(key)));
	}

	/**
	 * Returns every service, in configuration order.
	 * @return the services
	 */
	public Collection<ServiceDefinition> all() {
		return this.services.values();
	}

	/**
	 * Rebuilds every service from the current environment and swaps them in at once.
	 * Reloads are serialized on this registry.
	 * @throws InvalidThirdPartyConfigurationException when the new configuration is
	 * invalid, in which case the services in force are kept
	 */
	public synchronized void reload() {
		Map<String, ServiceProperties> bound = this.binder.bind();
		Map<String, Integer> configured = new LinkedHashMap<>();
		bound.forEach((name, settings) -> {
			configured.put(name, settings.getProviders().size());
			List<ProviderProperties> added = this.source.providers(name, settings);
			if (!added.isEmpty()) {
				List<ProviderProperties> all = new ArrayList<>(settings.getProviders());
				all.addAll(added);
				settings.setProviders(all);
			}
		});
		try {
			this.validator.validate(bound);
		}
		catch (InvalidThirdPartyConfigurationException ex) {
			throw namingAddedProvider(ex, bound, configured);
		}
		Map<String, ServiceDefinition> built = new LinkedHashMap<>();
		Set<String> ids = new HashSet<>();
		bound.forEach((name, settings) -> {
			ServiceDefinition service = build(name, settings);
			service.providers().forEach((provider) -> ids.add(provider.id()));
			built.put(name, service);
		});
		this.guards.retain(ids);
		this.states.retain(ids);
		Set<String> limited = new HashSet<>(ids);
		limited.addAll(built.keySet());
		this.quotas.retain(limited);
		boolean first = this.services.isEmpty();
		this.services = Collections.unmodifiableMap(built);
		this.handles.forEach((name, handle) -> handle.current = built.get(name));
		if (!first) {
			logger.info("Third-party services reloaded: " + built.keySet());
		}
		for (Consumer<Collection<ServiceDefinition>> listener : this.listeners) {
			try {
				listener.accept(this.services.values());
			}
			catch (RuntimeException ex) {
				logger.error("A listener failed on the reloaded third-party services", ex);
			}
		}
	}

	/**
	 * Rebuilds every service after a live change, as {@link #reload()} does, reporting
	 * whatever stops the new configuration the same way: a failed check, a value that
	 * does not bind, any other failure while building it. The services in force are then
	 * kept.
	 * @throws InvalidThirdPartyConfigurationException naming the property (or
	 * {@code third-party} when the failure names none), the value and the reason, with
	 * the failure as its cause
	 */
	public void reloadLive() {
		try {
			reload();
		}
		catch (InvalidThirdPartyConfigurationException ex) {
			throw ex;
		}
		catch (BindException ex) {
			String property = ex.getName().toString();
			Object value = (ex.getProperty() != null) ? ex.getProperty().getValue() : null;
			throw new InvalidThirdPartyConfigurationException(property,
					(value != null) ? Secrets.mask(value.toString()) : null,
					Secrets.mask(NestedExceptionUtils.getMostSpecificCause(ex).getMessage()),
					"Correct " + property + " so that it binds to " + ex.getTarget().getType() + ".", ex);
		}
		catch (RuntimeException ex) {
			throw new InvalidThirdPartyConfigurationException(ThirdPartyProperties.PREFIX, null,
					"the services could not be rebuilt: " + Secrets.describe(ex),
					"Correct the change that caused this failure.", ex);
		}
	}

	/**
	 * Turns a failure about a provider the source added, which no configured key names,
	 * into one naming the service's discovery setting and the provider's own key (its
	 * instance metadata).
	 */
	private static InvalidThirdPartyConfigurationException namingAddedProvider(
			InvalidThirdPartyConfigurationException ex, Map<String, ServiceProperties> bound,
			Map<String, Integer> configured) {
		Matcher matcher = ADDED_PROVIDER_KEY.matcher(ex.getProperty());
		if (!matcher.matches()) {
			return ex;
		}
		String service = matcher.group(1);
		int index = Integer.parseInt(matcher.group(2));
		ServiceProperties settings = bound.get(service);
		if (settings == null || index < configured.getOrDefault(service, 0)
				|| index >= settings.getProviders().size()) {
			return ex;
		}
		String name = settings.getProviders().get(index).getName();
		String key = ThirdPartyProperties.PREFIX + "." + matcher.group(3);
		return new InvalidThirdPartyConfigurationException(
				ThirdPartyProperties.PREFIX + "." + service + ".discovery.service-id",
				settings.getDiscovery().getServiceId(),
				"discovered provider '" + name + "' has instance metadata " + key + "=" + ex.getValue() + ": "
						+ ex.getReason(),
				"Correct the metadata " + key + " of the instance registered as '" + name + "'.", ex);
	}

	private ServiceDefinition build(String name, ServiceProperties settings) {
		List<Provider> providers = new ArrayList<>();
		long enabled = 0;
		for (int i = 0; i < settings.getProviders().size(); i++) {
			ProviderProperties p = settings.getProviders().get(i);
			providers.add(new Provider(name, p.getName(), p.getUrl(), p.getWeight(), p.getPriority(), p.getMetadata(),
					p.getCost()));
			if (p.isEnabled()) {
				enabled |= 1L << i;
			}
		}
		ProviderGuard[] guards = new ProviderGuard[providers.size()];
		ProviderState[] states = new ProviderState[providers.size()];
		Quota[] quotas = new Quota[providers.size()];
		for (int i = 0; i < guards.length; i++) {
			guards[i] = this.guards.obtain(providers.get(i), settings);
			states[i] = this.states.obtain(providers.get(i));
			quotas[i] = this.quotas.forProvider(providers.get(i), settings.getProviders().get(i), settings);
		}
		return new ServiceDefinition(name, settings, providers, enabled,
				settings.getStrategy().selector(providers, enabled), guards, states, quotas,
				this.quotas.forService(name, settings), this.classifier);
	}

	/**
	 * The service of one name as currently configured; a reload updates it when it swaps
	 * the services in.
	 */
	public static final class Handle {

		private volatile ServiceDefinition current;

		private Handle(ServiceDefinition current) {
			this.current = current;
		}

		/**
		 * Returns the service as currently configured.
		 * @return the service, or {@code null} while none has the handle's name
		 */
		public ServiceDefinition current() {
			return this.current;
		}

	}

}
