package io.thirdparty.adapter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyProvider;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;

/**
 * Finds the application's {@link ThirdPartyProvider} beans and registers, for each
 * interface annotated {@link ThirdPartyCall} that they implement, its routing bean:
 * primary for that interface, made by an {@link AdapterRouterFactoryBean}. Runs after
 * every other bean definition is registered, and creates no bean.
 */
public class AdapterRegistrar implements BeanDefinitionRegistryPostProcessor, Ordered {

	/** Suffix of the routing beans' names, after the interface's qualified name. */
	public static final String ROUTER_NAME_SUFFIX = ".thirdPartyRouter";

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		if (!(registry instanceof ConfigurableListableBeanFactory beanFactory)) {
			return;
		}
		Map<Class<?>, Map<String, List<String>>> byInterface = new LinkedHashMap<>();
		Map<String, Class<?>> types = new LinkedHashMap<>();
		for (String name : beanFactory.getBeanDefinitionNames()) {
			BeanDefinition definition = beanFactory.getBeanDefinition(name);
			if (definition.isAbstract() || name.endsWith(ROUTER_NAME_SUFFIX)) {
				continue;
			}
			ThirdPartyProvider provider = beanFactory.findAnnotationOnBean(name, ThirdPartyProvider.class, false);
			Class<?> type = (provider != null) ? beanFactory.getType(name, false) : null;
			if (type == null) {
				continue;
			}
			types.put(name, ClassUtils.getUserClass(type));
			for (Class<?> adapted : adaptedInterfaces(name, ClassUtils.getUserClass(type), provider)) {
				byInterface.computeIfAbsent(adapted, (key) -> new LinkedHashMap<>())
					.computeIfAbsent(provider.value(), (key) -> new ArrayList<>())
					.add(name);
			}
		}
		byInterface.forEach((type, adapters) -> {
			RootBeanDefinition router = new RootBeanDefinition(AdapterRouterFactoryBean.class,
					() -> new AdapterRouterFactoryBean(type, adapters, types, beanFactory));
			router.setPrimary(true);
			router.setAttribute(FactoryBean.OBJECT_TYPE_ATTRIBUTE, type);
			registry.registerBeanDefinition(type.getName() + ROUTER_NAME_SUFFIX, router);
		});
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/**
	 * Returns the interfaces annotated {@link ThirdPartyCall} that an adapter implements.
	 * @throws InvalidThirdPartyConfigurationException when it implements none
	 */
	private static List<Class<?>> adaptedInterfaces(String beanName, Class<?> type, ThirdPartyProvider provider) {
		Set<Class<?>> interfaces = new LinkedHashSet<>(ClassUtils.getAllInterfacesForClassAsSet(type));
		if (type.isInterface()) {
			interfaces.add(type);
		}
		List<Class<?>> adapted = interfaces.stream()
			.filter((candidate) -> AnnotatedElementUtils.isAnnotated(candidate, ThirdPartyCall.class))
			.toList();
		if (adapted.isEmpty()) {
			throw new InvalidThirdPartyConfigurationException("@ThirdPartyProvider", "@ThirdPartyProvider(\"" + provider
				.value() + "\") on " + type.getName() + " (bean '" + beanName + "')", "the adapter of provider '"
						+ provider.value()
						+ "' implements no interface annotated @ThirdPartyCall(service = ...), so no service calls it",
					"Implement the service's interface and annotate that interface with @ThirdPartyCall(service = \"...\").");
		}
		return adapted;
	}

}
