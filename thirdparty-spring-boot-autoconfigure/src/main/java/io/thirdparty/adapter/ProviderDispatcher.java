package io.thirdparty.adapter;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

import org.springframework.aop.TargetClassAware;
import org.springframework.util.ReflectionUtils;

import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyContext;
import io.thirdparty.resilience.ProviderUnavailableException;

/**
 * The target of an adapter interface's routing bean: a call made inside an attempt of the
 * interface's service goes to the adapter of the attempt's provider; a {@code default}
 * method called outside one (a fallback) runs on the interface itself.
 * <p>
 * The proxy it makes reports the interface as its target class, so the pipeline resolves
 * {@code @ThirdPartyCall} (and fallbacks) on the interface.
 */
final class ProviderDispatcher implements InvocationHandler {

	private final Class<?> type;

	private final String service;

	private final Map<String, Object> adapters;

	private ProviderDispatcher(Class<?> type, String service, Map<String, Object> adapters) {
		this.type = type;
		this.service = service;
		this.adapters = Map.copyOf(adapters);
	}

	/**
	 * Creates the dispatching proxy of an interface.
	 * @param type the interface
	 * @param service the interface's service
	 * @param adapters the adapter of each provider, by provider name
	 * @return the proxy, implementing the interface
	 */
	static Object proxy(Class<?> type, String service, Map<String, Object> adapters) {
		return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type, TargetClassAware.class },
				new ProviderDispatcher(type, service, adapters));
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
		if (method.getDeclaringClass() == Object.class) {
			return switch (method.getName()) {
				case "equals" -> proxy == arguments[0];
				case "hashCode" -> System.identityHashCode(proxy);
				default -> toString();
			};
		}
		if (method.getDeclaringClass() == TargetClassAware.class) {
			return this.type;
		}
		Provider provider = ThirdPartyContext.isActive() ? ThirdPartyContext.provider() : null;
		if (provider == null || !provider.service().equals(this.service)) {
			if (method.isDefault()) {
				return InvocationHandler.invokeDefault(proxy, method, arguments);
			}
			throw new IllegalStateException("No attempt of service '" + this.service + "' in progress: "
					+ this.type.getName() + "." + method.getName() + " is only called by the third-party pipeline");
		}
		Object adapter = this.adapters.get(provider.name());
		if (adapter == null) {
			// a provider added by a live reload without an adapter: skipped like a
			// disabled one
			throw new ProviderUnavailableException(provider,
					"no @ThirdPartyProvider(\"" + provider.name() + "\") implementation of " + this.type.getName());
		}
		ReflectionUtils.makeAccessible(method);
		try {
			return method.invoke(adapter, arguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	@Override
	public String toString() {
		return "routing bean of " + this.type.getName() + " (service '" + this.service + "', adapters "
				+ this.adapters.keySet() + ")";
	}

}
