package io.thirdparty.pipeline;

import java.util.List;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.Advisor;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.Advised;
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

	/** The advisor of this interceptor, once seen on a proxy. */
	private volatile Advisor advisor;

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
		return this.chain.proceed(new ThirdPartyInvocation(spec, service, proxyInvocation, isInnermost(proxyInvocation)));
	}

	/**
	 * Returns whether this interceptor is the last advice of the proxy, in which case proceeding
	 * calls the target without changing the invocation, so that a retry may proceed it again
	 * instead of a copy. Unknown proxies are assumed to have advice inside.
	 */
	private boolean isInnermost(ProxyMethodInvocation invocation) {
		if (!(invocation.getProxy() instanceof Advised advised)) {
			return false;
		}
		if (advised.getAdvisorCount() == 1) {
			// this interceptor is running, so the proxy's only advisor is its own
			return true;
		}
		Advisor[] advisors = advised.getAdvisors();
		if (advisors.length == 0) {
			return false;
		}
		Advisor known = this.advisor;
		if (known == null) {
			known = find(advisors);
		}
		return advisors[advisors.length - 1] == known;
	}

	private Advisor find(Advisor[] advisors) {
		for (int i = advisors.length - 1; i >= 0; i--) {
			if (advisors[i].getAdvice() == this) {
				this.advisor = advisors[i];
				return advisors[i];
			}
		}
		return null;
	}

}
