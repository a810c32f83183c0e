package io.thirdparty.adapter;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartFactoryBean;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;

import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyCall;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.pipeline.CallSpec;
import io.thirdparty.pipeline.CallSpecResolver;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;

/**
 * Makes the routing bean of one adapter interface (an interface annotated
 * {@code @ThirdPartyCall} with {@code @ThirdPartyProvider} implementations), after
 * checking at startup that every configured provider of its service has exactly one
 * adapter, that every adapter names a configured provider, and that the pipeline can run
 * every method of the interface. The bean it makes is advised by the
 * {@code @ThirdPartyCall} advisor like any other; a later live reload that adds a
 * provider without an adapter is logged, and that provider is skipped in calls.
 */
final class AdapterRouterFactoryBean implements SmartFactoryBean<Object> {

	private static final Log logger = LogFactory.getLog(AdapterRouterFactoryBean.class);

	private final Class<?> type;

	private final Map<String, List<String>> adapterNames;

	private final Map<String, Class<?>> adapterTypes;

	private final ListableBeanFactory beanFactory;

	private Object router;

	/**
	 * Creates the factory of one interface's routing bean.
	 * @param type the interface
	 * @param adapterNames the beans naming each provider, by provider name
	 * @param adapterTypes the type of each adapter bean, by bean name
	 * @param beanFactory where the adapters and the pipeline's beans are
	 */
	AdapterRouterFactoryBean(Class<?> type, Map<String, List<String>> adapterNames, Map<String, Class<?>> adapterTypes,
			ListableBeanFactory beanFactory) {
		this.type = type;
		this.adapterNames = adapterNames;
		this.adapterTypes = adapterTypes;
		this.beanFactory = beanFactory;
	}

	@Override
	public synchronized Object getObject() {
		if (this.router == null) {
			this.router = create();
		}
		return this.router;
	}

	@Override
	public Class<?> getObjectType() {
		return this.type;
	}

	@Override
	public boolean isEagerInit() {
		return true;
	}

	private Object create() {
		ServiceRegistry services = this.beanFactory.getBean(ServiceRegistry.class);
		String service = serviceOf(this.type, this.beanFactory.getBean(Environment.class));
		checkOneAdapterPerProvider(service);
		ServiceDefinition definition = services.get(service);
		if (definition == null) {
			throw new InvalidThirdPartyConfigurationException("third-party." + service,
					"@ThirdPartyCall(service = \"" + service + "\") on " + this.type.getName(),
					"no service '" + service + "' is configured, but " + describe(this.adapterNames.keySet())
							+ " implement " + this.type.getSimpleName(),
					"Configure it (third-party." + service + ".providers[0].name and .url) or fix the service name.");
		}
		checkAdaptersNameProviders(definition);
		checkEveryProviderHasAnAdapter(definition);
		checkMethods(service);
		Map<String, Object> adapters = new LinkedHashMap<>();
		this.adapterNames.forEach((provider, names) -> adapters.put(provider, this.beanFactory.getBean(names.get(0))));
		services.addReloadListener((all) -> warnAboutProvidersWithoutAdapter(services.get(service)));
		return ProviderDispatcher.proxy(this.type, service, adapters);
	}

	/**
	 * Returns the service of an adapter interface, placeholders resolved.
	 * @param type the interface
	 * @param environment resolves placeholders
	 * @return the service name
	 */
	static String serviceOf(Class<?> type, Environment environment) {
		ThirdPartyCall annotation = AnnotatedElementUtils.findMergedAnnotation(type, ThirdPartyCall.class);
		return environment.resolveRequiredPlaceholders(annotation.service());
	}

	private void checkOneAdapterPerProvider(String service) {
		this.adapterNames.forEach((provider, names) -> {
			if (names.size() > 1) {
				String classes = names.stream()
					.map((name) -> this.adapterTypes.get(name).getName() + " (bean '" + name + "')")
					.collect(Collectors.joining(" and "));
				throw new InvalidThirdPartyConfigurationException("third-party." + service + ".providers",
						"@ThirdPartyProvider(\"" + provider + "\") on " + classes,
						"provider '" + provider + "' of service '" + service + "' has two implementations of "
								+ this.type.getName() + ", and each call can go to one only",
						"Keep one @ThirdPartyProvider(\"" + provider + "\") implementation of "
								+ this.type.getSimpleName() + ", or tie the other to another provider.");
			}
		});
	}

	private void checkAdaptersNameProviders(ServiceDefinition service) {
		this.adapterNames.forEach((provider, names) -> {
			if (service.indexOf(provider) < 0) {
				throw new InvalidThirdPartyConfigurationException("third-party." + service.name() + ".providers",
						"@ThirdPartyProvider(\"" + provider + "\") on " + this.adapterTypes.get(names.get(0)).getName(),
						"service '" + service.name() + "' has no provider '" + provider + "'",
						"Name one of " + providerNames(service)
								+ " in the annotation, or configure the provider (third-party." + service.name()
								+ ".providers[" + service.providers().size() + "].name=" + provider + " and .url).");
			}
		});
	}

	private void checkEveryProviderHasAnAdapter(ServiceDefinition service) {
		for (int i = 0; i < service.providers().size(); i++) {
			Provider provider = service.provider(i);
			if (!this.adapterNames.containsKey(provider.name())) {
				throw new InvalidThirdPartyConfigurationException(
						"third-party." + service.name() + ".providers[" + i + "].name", provider.name(),
						"provider '" + provider.name() + "' has no implementation of " + this.type.getName()
								+ ", while " + describe(this.adapterNames.keySet()) + " have one",
						"Add a @ThirdPartyProvider(\"" + provider.name() + "\") bean implementing "
								+ this.type.getSimpleName() + ", or remove the provider.");
			}
		}
	}

	/**
	 * Resolves every method's spec, which fails on what the pipeline cannot run (a QUEUED
	 * method returning a value).
	 */
	private void checkMethods(String service) {
		CallSpecResolver specs = this.beanFactory.getBean(CallSpecResolver.class);
		for (Method method : this.type.getMethods()) {
			if (Modifier.isStatic(method.getModifiers())) {
				continue;
			}
			CallSpec spec = specs.specOf(method, this.type);
			if (spec != null && !spec.service().equals(service)) {
				throw new InvalidThirdPartyConfigurationException(
						"@ThirdPartyCall on " + this.type.getName() + "." + method.getName() + " (service)",
						spec.service(),
						"the adapters of " + this.type.getSimpleName() + " are tied to service '" + service
								+ "', the service of the interface",
						"Remove service = \"" + spec.service()
								+ "\" from the method, or move the method to an interface of its own.");
			}
		}
	}

	private void warnAboutProvidersWithoutAdapter(ServiceDefinition service) {
		if (service == null) {
			return;
		}
		for (Provider provider : service.providers()) {
			if (!this.adapterNames.containsKey(provider.name())) {
				logger.warn("Third-party provider '" + provider.id() + "' has no @ThirdPartyProvider implementation of "
						+ this.type.getName() + ": calls of " + this.type.getSimpleName() + " skip it");
			}
		}
	}

	private String describe(Collection<String> providers) {
		return providers.stream()
			.map((provider) -> this.adapterTypes.get(this.adapterNames.get(provider).get(0)).getSimpleName() + " ("
					+ provider + ")")
			.collect(Collectors.joining(", "));
	}

	private static String providerNames(ServiceDefinition service) {
		return service.providers().stream().map(Provider::name).collect(Collectors.joining(", ", "[", "]"));
	}

}
