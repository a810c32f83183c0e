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
 * is copied. Which it is, and the method's spec, are decided once per method, proxy and
 * target object.
 */
public class ThirdPartyCallInterceptor implements MethodInterceptor {

	private final CallSpecResolver specs;

	private final ServiceRegistry services;

	private final CallChain chain;

	private final Map<Method, Decided> decided = new ConcurrentHashMap<>();

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
		Decided call = decided(proxyInvocation);
		if (call.spec() == null) {
			return invocation.proceed();
		}
		ServiceDefinition service = call.service().current();
		if (service == null) {
			throw new ThirdPartyException(call.spec().service(), List.of());
		}
		boolean copyForRetries = call.adviceInside() && service.retry().maxAttempts() > 1;
		return this.chain.proceed(new ThirdPartyInvocation(call.spec(), service, proxyInvocation, copyForRetries));
	}

	/**
	 * Returns the invoked method's spec and whether advice runs between this interceptor
	 * and the target method, as last decided for the method on the same proxy and target.
	 */
	private Decided decided(ProxyMethodInvocation invocation) {
		Method method = invocation.getMethod();
		Object proxy = invocation.getProxy();
		Object target = invocation.getThis();
		Decided known = this.decided.get(method);
		if (known == null || known.proxy() != proxy || known.target() != target) {
			CallSpec spec = this.specs.resolve(method, AopProxyUtils.ultimateTargetClass(target));
			known = new Decided(proxy, target, spec, (spec != null) ? this.services.handle(spec.service()) : null,
					spec != null && adviceFollows(proxy, method, target));
			this.decided.put(method, known);
		}
		return known;
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
	 * What was decided for a method on a proxy and target: the method's spec
	 * ({@code null} when it is not a third-party call), a handle on its service and
	 * whether advice follows this interceptor.
	 */
	private record Decided(Object proxy, Object target, CallSpec spec, ServiceRegistry.Handle service,
			boolean adviceInside) {
	}

}
