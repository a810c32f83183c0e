package io.thirdparty.autoconfigure;

import java.time.Clock;
import java.util.function.Supplier;

import org.springframework.aop.Advisor;
import org.springframework.aop.ClassFilter;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyProvider;
import io.thirdparty.config.ServiceConfigBinder;
import io.thirdparty.config.ServiceConfigValidator;
import io.thirdparty.config.ThirdPartyProperties;
import io.thirdparty.pipeline.CallChain;
import io.thirdparty.pipeline.CallSpecResolver;
import io.thirdparty.pipeline.CallStage;
import io.thirdparty.pipeline.FailoverStage;
import io.thirdparty.pipeline.FallbackStage;
import io.thirdparty.pipeline.InvocationStage;
import io.thirdparty.pipeline.ProtectionStage;
import io.thirdparty.pipeline.ThirdPartyCallInterceptor;
import io.thirdparty.pipeline.ThirdPartyCallValidator;
import io.thirdparty.provider.ProviderSource;
import io.thirdparty.provider.ProviderStates;
import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.quota.Quotas;
import io.thirdparty.resilience.FailureClassifier;
import io.thirdparty.resilience.ProviderGuards;

/**
 * Auto-configuration of the {@code @ThirdPartyCall} pipeline: the service registry bound
 * from {@code third-party}, the stages, the interceptor and its advisor.
 * <p>
 * The advisor's order is {@link #ADVICE_ORDER}: inside {@code @Async} (whose advisor
 * always comes first), outside {@code @Transactional}, {@code @Cacheable} and Spring
 * Retry's {@code @Retryable} at their default order, so each attempt gets its own
 * transaction.
 */
@AutoConfiguration(after = ThirdPartyResilienceAutoConfiguration.class)
@EnableConfigurationProperties(ThirdPartyProperties.class)
public class ThirdPartyAutoConfiguration {

	/** Order of the {@code @ThirdPartyCall} advisor. */
	public static final int ADVICE_ORDER = Ordered.LOWEST_PRECEDENCE - 100;

	@Bean
	@ConditionalOnMissingBean
	ServiceConfigBinder thirdPartyServiceConfigBinder(Environment environment) {
		return new ServiceConfigBinder(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	ServiceConfigValidator thirdPartyServiceConfigValidator(Environment environment) {
		return new ServiceConfigValidator(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	ProviderStates thirdPartyProviderStates(ApplicationEventPublisher publisher, ObjectProvider<Clock> clock) {
		return new ProviderStates(publisher, clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	ServiceRegistry thirdPartyServiceRegistry(ServiceConfigBinder binder, ServiceConfigValidator validator,
			ProviderGuards guards, FailureClassifier classifier, ProviderStates states,
			ObjectProvider<ProviderSource> sources, ObjectProvider<Quotas> quotas) {
		return new ServiceRegistry(binder, validator, guards, classifier, states,
				sources.getIfAvailable(() -> ProviderSource.NONE),
				quotas.getIfAvailable(() -> new Quotas(states.clock())));
	}

	@Bean
	@ConditionalOnMissingBean
	CallSpecResolver thirdPartyCallSpecResolver(Environment environment) {
		return new CallSpecResolver(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	FallbackStage thirdPartyFallbackStage() {
		return new FallbackStage();
	}

	@Bean
	@ConditionalOnMissingBean
	FailoverStage thirdPartyFailoverStage() {
		return new FailoverStage();
	}

	@Bean
	@ConditionalOnMissingBean
	ProtectionStage thirdPartyProtectionStage() {
		return new ProtectionStage();
	}

	@Bean
	@ConditionalOnMissingBean
	InvocationStage thirdPartyInvocationStage() {
		return new InvocationStage();
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean
	ThirdPartyCallInterceptor thirdPartyCallInterceptor(CallSpecResolver specs, ServiceRegistry services,
			ObjectProvider<CallStage> stages) {
		return new ThirdPartyCallInterceptor(specs, services, CallChain.of(stages.orderedStream().toList()));
	}

	/**
	 * The advisor is created while bean post-processors are still being registered (the
	 * auto-proxy creator looks up every advisor then), so it must not create the pipeline
	 * at that point: that would create the registry, the Resilience4j registries and
	 * their properties before the post-processors that should process them. Hence a
	 * static method and an interceptor looked up on the first call.
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean(name = "thirdPartyCallAdvisor")
	static Advisor thirdPartyCallAdvisor(ObjectProvider<ThirdPartyCallInterceptor> interceptor) {
		// adapters (@ThirdPartyProvider) are called by their interface's routing bean,
		// which is advised instead
		ComposablePointcut pointcut = new ComposablePointcut(new AnnotationMatchingPointcut(ThirdPartyCall.class, true))
			.union(new AnnotationMatchingPointcut(null, ThirdPartyCall.class, true))
			.intersection((ClassFilter) (type) -> !AnnotatedElementUtils.hasAnnotation(type, ThirdPartyProvider.class));
		Supplier<ThirdPartyCallInterceptor> pipeline = SingletonSupplier.of(interceptor::getObject);
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(pointcut,
				new ThirdPartyCallInterceptor.Lazy(pipeline));
		advisor.setOrder(ADVICE_ORDER);
		return advisor;
	}

	@Bean
	@ConditionalOnMissingBean
	ThirdPartyCallValidator thirdPartyCallValidator(CallSpecResolver specs, ServiceRegistry services) {
		return new ThirdPartyCallValidator(specs, services);
	}

}
