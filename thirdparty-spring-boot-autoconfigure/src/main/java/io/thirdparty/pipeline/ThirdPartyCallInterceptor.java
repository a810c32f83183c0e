package io.thirdparty.pipeline;

import java.util.List;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.AopProxyUtils;

import io.thirdparty.ThirdPartyException;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;

/**
 * The thin interceptor behind {@code @ThirdPartyCall}: finds the method's spec and the service
 * as currently configured, then hands the call to the chain of {@link CallStage}s.
 */
public class ThirdPartyCallInterceptor implements MethodInterceptor {

	private final CallSpecResolver specs;

	private final ServiceRegistry services;

	private final CallChain chain;

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
		CallSpec spec = this.specs.resolve(invocation.getMethod(), AopProxyUtils.ultimateTargetClass(invocation.getThis()));
		if (spec == null) {
			return invocation.proceed();
		}
		ServiceDefinition service = this.services.get(spec.service());
		if (service == null) {
			throw new ThirdPartyException(spec.service(), List.of());
		}
		return this.chain.proceed(new ThirdPartyInvocation(spec, service, proxyInvocation));
	}

}
