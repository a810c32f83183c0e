package io.thirdparty.cache;

import java.lang.reflect.Method;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import io.thirdparty.ThirdPartyPull;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.config.ServiceProperties;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;

/**
 * Finds every {@code @ThirdPartyPull} method once all singletons exist (an unusable one
 * fails startup), and schedules each as a {@link PullTask} when the context starts, on
 * the application's {@link TaskScheduler} or, when it has none, on a one-thread scheduler
 * of its own.
 */
public class CachePullScheduler implements SmartInitializingSingleton, SmartLifecycle, BeanFactoryAware {

	private final ServiceRegistry services;

	private final ServiceCaches caches;

	private final PullLock lock;

	private final CacheKeys keys;

	private final ObjectProvider<TaskScheduler> schedulers;

	private final Environment environment;

	private final Clock clock;

	private final List<PullTask> tasks = new ArrayList<>();

	private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();

	private ConfigurableListableBeanFactory beanFactory;

	private ThreadPoolTaskScheduler own;

	private volatile boolean running;

	/**
	 * Creates the scheduler.
	 * @param services the configured services
	 * @param caches the services' caches
	 * @param lock claims each round
	 * @param keys keys the pulled entries as the calls they answer
	 * @param schedulers the application's task scheduler, if it has one
	 * @param environment resolves placeholders in service names
	 * @param clock the time entries are stored at
	 */
	public CachePullScheduler(ServiceRegistry services, ServiceCaches caches, PullLock lock, CacheKeys keys,
			ObjectProvider<TaskScheduler> schedulers, Environment environment, Clock clock) {
		this.services = services;
		this.caches = caches;
		this.lock = lock;
		this.keys = keys;
		this.schedulers = schedulers;
		this.environment = environment;
		this.clock = clock;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	/**
	 * Returns the pull methods found.
	 * @return the tasks
	 */
	public List<PullTask> tasks() {
		return List.copyOf(this.tasks);
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (String name : this.beanFactory.getBeanDefinitionNames()) {
			if (!this.beanFactory.isSingleton(name)) {
				continue;
			}
			Class<?> type = this.beanFactory.getType(name, false);
			if (type == null || !AnnotationUtils.isCandidateClass(type, ThirdPartyPull.class)) {
				continue;
			}
			Class<?> userType = ClassUtils.getUserClass(type);
			Map<Method, ThirdPartyPull> methods = MethodIntrospector.selectMethods(userType,
					(MethodIntrospector.MetadataLookup<ThirdPartyPull>) (method) -> AnnotatedElementUtils
						.findMergedAnnotation(method, ThirdPartyPull.class));
			if (!methods.isEmpty()) {
				Object bean = this.beanFactory.getBean(name);
				methods.forEach((method, annotation) -> this.tasks.add(task(bean, userType, method, annotation)));
			}
		}
	}

	private PullTask task(Object bean, Class<?> type, Method method, ThirdPartyPull annotation) {
		String where = "@ThirdPartyPull on " + ClassUtils.getQualifiedMethodName(method, type);
		String service = this.environment.resolveRequiredPlaceholders(annotation.service());
		if (method.getParameterCount() != 0 || !Map.class.isAssignableFrom(method.getReturnType())) {
			throw new InvalidThirdPartyConfigurationException(where, method.toGenericString(),
					"a pull method takes no arguments and returns a Map from key to value",
					"Declare it as e.g. Map<String, Price> pullPrices().");
		}
		ServiceDefinition definition = this.services.get(service);
		String key = "third-party." + service + ".cache";
		if (definition == null) {
			throw new InvalidThirdPartyConfigurationException("third-party." + service, where,
					"no service '" + service + "' is configured",
					"Configure it (third-party." + service + ".providers[0].name and .url) or fix the name.");
		}
		ServiceProperties.Cache cache = definition.settings().getCache();
		if (!cache.active()) {
			throw new InvalidThirdPartyConfigurationException(key + ".ttl", cache.getTtl(),
					"service '" + service + "' has no cache for " + where + " to fill",
					"Set " + key + ".ttl, e.g. 10m.");
		}
		if (cache.getPull().getInterval() == null && cache.getPull().getCron() == null) {
			throw new InvalidThirdPartyConfigurationException(key + ".pull.interval", null,
					"no schedule is set for " + where,
					"Set " + key + ".pull.interval (e.g. 5m) or " + key + ".pull.cron (e.g. '0 0 * * * *').");
		}
		PullKeys keys = this.keys.pullKeys(service, annotation.keyspace(), where);
		Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
		ReflectionUtils.makeAccessible(invocable);
		return new PullTask(service, bean, invocable, this.services, this.caches, this.lock, keys, this.clock);
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		if (this.tasks.isEmpty()) {
			return;
		}
		TaskScheduler scheduler = this.schedulers.getIfUnique(this::ownScheduler);
		for (PullTask task : this.tasks) {
			this.scheduled.add(scheduler.schedule(task, task));
		}
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		this.scheduled.forEach((future) -> future.cancel(false));
		this.scheduled.clear();
		if (this.own != null) {
			this.own.shutdown();
			this.own = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private TaskScheduler ownScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(1);
		scheduler.setThreadNamePrefix("thirdparty-pull-");
		scheduler.setDaemon(true);
		scheduler.initialize();
		this.own = scheduler;
		return scheduler;
	}

}
