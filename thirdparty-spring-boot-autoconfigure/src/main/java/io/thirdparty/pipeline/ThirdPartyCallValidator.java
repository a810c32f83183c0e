package io.thirdparty.pipeline;

import java.util.Collection;
import java.util.stream.Collectors;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import io.thirdparty.ThirdPartyCall;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;

/**
 * Checks every {@code @ThirdPartyCall} of the application's beans once all singletons
 * exist, so that an unknown service or a missing fallback fails startup instead of the
 * first call.
 */
public class ThirdPartyCallValidator implements SmartInitializingSingleton, BeanFactoryAware {

	private final CallSpecResolver specs;

	private final ServiceRegistry services;

	private ConfigurableListableBeanFactory beanFactory;

	/**
	 * Creates the validator.
	 * @param specs resolves each method's spec
	 * @param services the configured services
	 */
	public ThirdPartyCallValidator(CallSpecResolver specs, ServiceRegistry services) {
		this.specs = specs;
		this.services = services;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (String name : this.beanFactory.getBeanDefinitionNames()) {
			Class<?> type = this.beanFactory.getType(name, false);
			if (type != null) {
				validate(ClassUtils.getUserClass(type));
			}
		}
	}

	/**
	 * Validates every third-party call of a class.
	 * @param type the class
	 * @throws InvalidThirdPartyConfigurationException on the first call that cannot work
	 */
	public void validate(Class<?> type) {
		if (!AnnotationUtils.isCandidateClass(type, ThirdPartyCall.class)) {
			return;
		}
		ReflectionUtils.doWithMethods(type, (method) -> {
			CallSpec spec = this.specs.specOf(method, type);
			if (spec != null && this.services.get(spec.service()) == null) {
				throw new InvalidThirdPartyConfigurationException("third-party." + spec.service(),
						"@ThirdPartyCall(service = \"" + spec.service() + "\") on "
								+ ClassUtils.getQualifiedMethodName(method, type),
						"no service '" + spec.service() + "' is configured",
						"Configure it (third-party." + spec.service() + ".providers[0].name and .url) or use one of "
								+ names(this.services.all()) + ".");
			}
		}, (method) -> !method.isBridge() && !method.isSynthetic() && method.getDeclaringClass() != Object.class);
	}

	private static String names(Collection<ServiceDefinition> services) {
		return services.stream().map(ServiceDefinition::name).collect(Collectors.joining(", ", "[", "]"));
	}

}
