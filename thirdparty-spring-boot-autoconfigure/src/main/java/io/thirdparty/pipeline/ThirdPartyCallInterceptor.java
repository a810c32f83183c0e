package io.thirdparty.pipeline;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.framework.DefaultAdvisorChainFactory;

import io.thirdparty.ThirdPartyException;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;

/**
 * The thin interceptor behind {@code @ThirdPartyCall}: finds the method's spec and the
 * service as currently configured, then hands the call to the chain of
 * {@link CallStage}s.
 * <p>
 * A retry must run the advice between this interceptor and the method again (a
 * {@code @Transactional} inside the pipeline gives each attempt its own transaction),
 * which only a copy of the invocation taken before it first proceeds can do: proceeding
 * an invocation moves it past that advice for good. So when, and only when, advice
 * follows this interceptor in the method's chain on the proxy, the call keeps such a copy
 * for its retries; otherwise every attempt proceeds the original invocation and nothing
 * is copied. Which it is is decided once per method and proxy.
 */
public class ThirdPartyCallInterceptor implements MethodInterceptor {

	private final CallSpecResolver specs;

	private final ServiceRegistry services;

	private final CallChain chain;

	private final Map<Method, AdviceInside> adviceInside = new ConcurrentHashMap<>();

	/**
	 * Creates the interceptor.
	 * @param specs resolves each method's spec
	 * @param services the configured services
	 * @param chain the pipeline's stages
	 */
	public ThirdPartyCallInterceptor(CallSpecResolver specs, ServiceRegistry services, CallChain chain) {
		this.specs = specs;
		this.services = services;
		this.chain = chain;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		if (!(invocation instanceof ProxyMethodInvocation proxyInvocation) || invocation.getThis() == null) {
			return invocation.proceed();
		}
		CallSpec spec = this.specs.resolve(invocation.getMethod(),
				AopProxyUtils.ultimateTargetClass(invocation.getThis()));
		if (spec == null) {
			return invocation.proceed();
		}
		ServiceDefinition service = this.services.get(spec.service());
		if (service == null) {
			throw new ThirdPartyException(spec.service(), List.of());
		}
		boolean copyForRetries = service.retry().maxAttempts() > 1 && adviceInside(proxyInvocation);
		return this.chain.proceed(new ThirdPartyInvocation(spec, service, proxyInvocation, copyForRetries));
	}

	/**
	 * Returns whether advice runs between this interceptor and the target method, as last
	 * decided for the invoked method on the same proxy.
	 */
	private boolean adviceInside(ProxyMethodInvocation invocation) {
		Method method = invocation.getMethod();
		Object proxy = invocation.getProxy();
		AdviceInside known = this.adviceInside.get(method);
		if (known == null || known.proxy() != proxy) {
			known = new AdviceInside(proxy, adviceFollows(proxy, method, invocation.getThis()));
			this.adviceInside.put(method, known);
		}
		return known.inside();
	}

	/**
	 * Returns whether this interceptor is not the last of the method's chain on a proxy,
	 * building the chain as Spring's proxies do; unknown proxies are assumed to have
	 * advice inside.
	 */
	private boolean adviceFollows(Object proxy, Method method, Object target) {
		if (!(proxy instanceof Advised advised)) {
			return true;
		}
		List<Object> interceptors = DefaultAdvisorChainFactory.INSTANCE
			.getInterceptorsAndDynamicInterceptionAdvice(advised, method, target.getClass());
		if (interceptors.isEmpty()) {
			return true;
		}
		Object last = interceptors.get(interceptors.size() - 1);
		return last != this && !(last instanceof Lazy lazy && lazy.interceptor.get() == this);
	}

	/**
	 * The advice of the {@code @ThirdPartyCall} advisor: the interceptor, created on the
	 * first call (the advisor exists before the beans the pipeline needs may be created).
	 */
	public static final class Lazy implements MethodInterceptor {

		private final Supplier<ThirdPartyCallInterceptor> interceptor;

		/**
		 * Creates the advice.
		 * @param interceptor supplies the interceptor, the same one on every call
		 */
		public Lazy(Supplier<ThirdPartyCallInterceptor> interceptor) {
			this.interceptor = interceptor;
		}

		@Override
		public Object invoke(MethodInvocation invocation) throws Throwable {
			return this.interceptor.get().invoke(invocation);
		}

	}

	/**
	 * Whether advice follows this interceptor for a method, on the proxy it was decided
	 * for.
	 */
	private record AdviceInside(Object proxy, boolean inside) {
	}

}
