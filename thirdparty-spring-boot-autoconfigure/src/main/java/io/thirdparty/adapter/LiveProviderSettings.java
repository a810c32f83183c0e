package io.thirdparty.adapter;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.beans.factory.InjectionPoint;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import io.thirdparty.Provider;
import io.thirdparty.ProviderSettings;
import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyProvider;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.config.ServiceProperties.Auth;
import io.thirdparty.config.ServiceProperties.ProviderProperties;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;

/**
 * The {@link ProviderSettings} of one adapter, read from the service registry on each
 * call so that a live reload is seen at once. Keeps the provider last seen, for an
 * adapter whose provider a reload removed (the pipeline no longer calls it then).
 */
public final class LiveProviderSettings implements ProviderSettings {

	private final ServiceRegistry services;

	private final String service;

	private final String name;

	private volatile Provider last;

	private LiveProviderSettings(ServiceRegistry services, String service, String name, Provider provider) {
		this.services = services;
		this.service = service;
		this.name = name;
		this.last = provider;
	}

	/**
	 * Returns the settings of the adapter being created at an injection point: a
	 * constructor or factory-method parameter of a {@link ThirdPartyProvider} bean.
	 * @param injectionPoint where the settings are injected
	 * @param services the configured services
	 * @param environment resolves placeholders in the interface's service
	 * @return the settings
	 * @throws InvalidThirdPartyConfigurationException when the injection point is no
	 * adapter's, or its provider is not configured
	 */
	public static LiveProviderSettings of(InjectionPoint injectionPoint, ServiceRegistry services,
			Environment environment) {
		Class<?> owner = injectionPoint.getMember().getDeclaringClass();
		AnnotatedElement annotated = owner;
		Class<?> adapterType = owner;
		MethodParameter parameter = injectionPoint.getMethodParameter();
		if (parameter != null && parameter.getMethod() != null
				&& parameter.getMethod().isAnnotationPresent(ThirdPartyProvider.class)) {
			Method factoryMethod = parameter.getMethod();
			annotated = factoryMethod;
			adapterType = factoryMethod.getReturnType();
		}
		ThirdPartyProvider provider = AnnotatedElementUtils.findMergedAnnotation(annotated, ThirdPartyProvider.class);
		Set<Class<?>> interfaces = ClassUtils.getAllInterfacesForClassAsSet(adapterType)
			.stream()
			.filter((candidate) -> AnnotatedElementUtils.isAnnotated(candidate, ThirdPartyCall.class))
			.collect(Collectors.toSet());
		if (adapterType.isInterface() && AnnotatedElementUtils.isAnnotated(adapterType, ThirdPartyCall.class)) {
			interfaces = Set.of(adapterType);
		}
		if (provider == null || interfaces.size() != 1) {
			throw new InvalidThirdPartyConfigurationException("ProviderSettings", "injected into " + owner.getName(),
					"ProviderSettings belongs to one provider's adapter: a @ThirdPartyProvider bean implementing one "
							+ "interface annotated @ThirdPartyCall",
					"Inject ProviderSettings only into a @ThirdPartyProvider(\"...\") implementation of a @ThirdPartyCall "
							+ "interface, or use ThirdPartyContext.provider() inside a call.");
		}
		String service = AdapterRouterFactoryBean.serviceOf(interfaces.iterator().next(), environment);
		ServiceDefinition definition = services.get(service);
		int index = (definition != null) ? definition.indexOf(provider.value()) : -1;
		if (index < 0) {
			throw new InvalidThirdPartyConfigurationException("third-party." + service + ".providers",
					"@ThirdPartyProvider(\"" + provider.value() + "\") on " + adapterType.getName(),
					"service '" + service + "' has no provider '" + provider.value() + "'",
					"Configure the provider (third-party." + service + ".providers[n].name=" + provider.value()
							+ " and .url), or name a configured one.");
		}
		return new LiveProviderSettings(services, service, provider.value(), definition.provider(index));
	}

	@Override
	public Provider provider() {
		ServiceDefinition definition = this.services.get(this.service);
		int index = (definition != null) ? definition.indexOf(this.name) : -1;
		if (index >= 0) {
			this.last = definition.provider(index);
		}
		return this.last;
	}

	@Override
	public Credentials credentials() {
		ServiceDefinition definition = this.services.get(this.service);
		int index = (definition != null) ? definition.indexOf(this.name) : -1;
		if (index < 0) {
			return new Credentials(null, null, null, new Auth().getHeaderName());
		}
		ProviderProperties properties = definition.settings().getProviders().get(index);
		Auth auth = properties.getAuth();
		return new Credentials(auth.getKey(), auth.getToken(), auth.getSecret(), auth.getHeaderName());
	}

	@Override
	public String toString() {
		return "ProviderSettings[" + this.service + "." + this.name + "]";
	}

}
