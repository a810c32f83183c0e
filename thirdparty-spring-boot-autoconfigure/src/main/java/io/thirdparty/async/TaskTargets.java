package io.thirdparty.async;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import io.thirdparty.CallMode;
import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyTask;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.pipeline.CallSpec;
import io.thirdparty.pipeline.CallSpecResolver;

/**
 * What queue messages run: every {@code @ThirdPartyTask} method by its task type, and
 * every queued {@code @ThirdPartyCall} method by bean name and method signature. Found
 * and checked once all singletons exist, so that a task method with the wrong number of
 * parameters or a task type declared twice fails startup.
 */
public class TaskTargets implements SmartInitializingSingleton, BeanFactoryAware {

	private final CallSpecResolver specs;

	private ConfigurableListableBeanFactory beanFactory;

	private volatile Map<String, TaskTarget> tasks = Map.of();

	private volatile Map<Object, String> queuedBeanNames = Map.of();

	private final Map<String, Invocable> calls = new ConcurrentHashMap<>();

	/**
	 * Creates the registry.
	 * @param specs resolves each {@code @ThirdPartyCall} method's spec
	 */
	public TaskTargets(CallSpecResolver specs) {
		this.specs = specs;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Map<String, TaskTarget> found = new LinkedHashMap<>();
		Map<Object, String> queued = new IdentityHashMap<>();
		for (String name : this.beanFactory.getBeanDefinitionNames()) {
			Class<?> type = this.beanFactory.getType(name, false);
			if (type == null) {
				continue;
			}
			Class<?> userClass = ClassUtils.getUserClass(type);
			if (AnnotationUtils.isCandidateClass(userClass, ThirdPartyTask.class)) {
				for (Method method : ReflectionUtils.getUniqueDeclaredMethods(userClass, TaskTargets::isCandidate)) {
					ThirdPartyTask task = AnnotatedElementUtils.findMergedAnnotation(method, ThirdPartyTask.class);
					if (task != null) {
						register(found, task, name, method, userClass);
					}
				}
			}
			if (hasQueuedCall(userClass) && this.beanFactory.isSingleton(name)) {
				queued.put(target(this.beanFactory.getBean(name)), name);
			}
		}
		this.tasks = Collections.unmodifiableMap(found);
		this.queuedBeanNames = Collections.unmodifiableMap(queued);
	}

	/**
	 * Returns the target of a task type.
	 * @param taskType the task type
	 * @return the target, or empty when no method declares that type
	 */
	public Optional<TaskTarget> task(String taskType) {
		return Optional.ofNullable(this.tasks.get(taskType));
	}

	/**
	 * Returns every task type.
	 * @return the types, in declaration order
	 */
	public Set<String> taskTypes() {
		return this.tasks.keySet();
	}

	/**
	 * Returns the name of the bean a queued call was made on.
	 * @param target the bean instance the call was made on (behind any proxy)
	 * @return the bean's name
	 * @throws IllegalStateException when the instance is no bean of the application
	 */
	public String beanName(Object target) {
		String name = this.queuedBeanNames.get(target);
		if (name != null) {
			return name;
		}
		for (String candidate : this.beanFactory.getBeanNamesForType(ClassUtils.getUserClass(target), true, false)) {
			if (target(this.beanFactory.getBean(candidate)) == target) {
				return candidate;
			}
		}
		throw new IllegalStateException(
				"A queued @ThirdPartyCall can only be made on a bean of the application context: "
						+ "no bean is the instance of " + target.getClass().getName() + " the call was made on");
	}

	/**
	 * Resolves what runs a message.
	 * @param message the message
	 * @return the bean method to invoke
	 * @throws UnrunnableTaskException when the bean, the method or the task type no
	 * longer exists
	 */
	public Invocable resolve(TaskMessage message) {
		if (message.kind() == TaskMessage.Kind.TASK) {
			TaskTarget task = this.tasks.get(message.name());
			if (task == null) {
				throw new UnrunnableTaskException("No @ThirdPartyTask(\"" + message.name() + "\") in this application");
			}
			return invocable(task.beanName(), task.method(), task.idempotent());
		}
		return this.calls.computeIfAbsent(message.bean() + "#" + message.method(), (key) -> resolveCall(message));
	}

	/**
	 * Returns the signature queue messages name a method by: its name and parameter
	 * types.
	 * @param method the method
	 * @return e.g. {@code send(java.lang.String,int)}
	 */
	public static String signature(Method method) {
		return method.getName() + Arrays.stream(method.getParameterTypes())
			.map(Class::getName)
			.collect(Collectors.joining(",", "(", ")"));
	}

	private Invocable resolveCall(TaskMessage message) {
		Object bean;
		try {
			bean = this.beanFactory.getBean(message.bean());
		}
		catch (NoSuchBeanDefinitionException ex) {
			throw new UnrunnableTaskException("No bean '" + message.bean() + "' in this application", ex);
		}
		Class<?> userClass = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
		for (Method method : ReflectionUtils.getUniqueDeclaredMethods(userClass, TaskTargets::isCandidate)) {
			if (signature(method).equals(message.method())) {
				CallSpec spec = this.specs.resolve(method, userClass);
				return invocable(message.bean(), method, spec == null || spec.idempotent());
			}
		}
		throw new UnrunnableTaskException(
				"No method " + message.method() + " in bean '" + message.bean() + "' (" + userClass.getName() + ")");
	}

	private Invocable invocable(String beanName, Method method, boolean idempotent) {
		Object bean = this.beanFactory.getBean(beanName);
		Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
		ReflectionUtils.makeAccessible(invocable);
		return new Invocable(bean, invocable, method.getGenericParameterTypes(), idempotent);
	}

	private void register(Map<String, TaskTarget> found, ThirdPartyTask task, String beanName, Method method,
			Class<?> userClass) {
		String taskType = task.value();
		String where = "@ThirdPartyTask(\"" + taskType + "\") on "
				+ ClassUtils.getQualifiedMethodName(method, userClass);
		if (taskType.isBlank()) {
			throw new InvalidThirdPartyConfigurationException(where, taskType, "the task type is empty",
					"Name the task type, e.g. @ThirdPartyTask(\"payment\").");
		}
		if (method.getParameterCount() != 1) {
			throw new InvalidThirdPartyConfigurationException(where, method.getParameterCount() + " parameters",
					"a task method takes exactly one parameter, bound from the task's params",
					"Declare one parameter (a record or class whose fields are the params) on " + method.getName()
							+ ".");
		}
		CallSpec spec = this.specs.resolve(method, userClass);
		if (spec != null && spec.mode() == CallMode.QUEUED) {
			throw new InvalidThirdPartyConfigurationException(where, "@ThirdPartyCall(mode = QUEUED)",
					"a task already runs on the queue, so its vendor call cannot be queued again",
					"Remove mode = QUEUED from the @ThirdPartyCall of " + method.getName() + ".");
		}
		if (spec != null && spec.idempotent() && !task.idempotent()) {
			throw new InvalidThirdPartyConfigurationException(where, "@ThirdPartyCall(idempotent = true)",
					"the task is not idempotent (the default of @ThirdPartyTask), but its vendor call is, so the "
							+ "pipeline would send the request again within one run",
					"Declare @ThirdPartyCall(idempotent = false) on " + method.getName()
							+ " (a payment, a message), or @ThirdPartyTask(value = \"" + taskType
							+ "\", idempotent = true) when running it twice is harmless.");
		}
		TaskTarget earlier = found.get(taskType);
		if (earlier != null) {
			throw new InvalidThirdPartyConfigurationException(where, taskType,
					"task type '" + taskType + "' is also declared on " + earlier.method().getDeclaringClass().getName()
							+ "." + earlier.method().getName() + " (bean '" + earlier.beanName() + "')",
					"Give each @ThirdPartyTask method its own task type.");
		}
		found.put(taskType,
				new TaskTarget(taskType, beanName, method, method.getGenericParameterTypes()[0], task.idempotent()));
	}

	private boolean hasQueuedCall(Class<?> userClass) {
		if (!AnnotationUtils.isCandidateClass(userClass, ThirdPartyCall.class)) {
			return false;
		}
		for (Method method : ReflectionUtils.getUniqueDeclaredMethods(userClass, TaskTargets::isCandidate)) {
			CallSpec spec = this.specs.resolve(method, userClass);
			if (spec != null && spec.mode() == CallMode.QUEUED) {
				return true;
			}
		}
		return false;
	}

	private static Object target(Object bean) {
		Object target = AopProxyUtils.getSingletonTarget(bean);
		return (target != null) ? target : bean;
	}

	private static boolean isCandidate(Method method) {
		return !method.isBridge() && !method.isSynthetic() && method.getDeclaringClass() != Object.class;
	}

	/**
	 * A task type and the method that runs it.
	 *
	 * @param type the task type
	 * @param beanName the bean declaring the method
	 * @param method the method, on the bean's class
	 * @param parameterType the type the params are bound to
	 * @param idempotent whether the task may run again after its request may have reached
	 * the vendor
	 */
	public record TaskTarget(String type, String beanName, Method method, Type parameterType, boolean idempotent) {
	}

	/**
	 * A bean method a worker calls, through the bean's proxy so that its advice (the
	 * {@code @ThirdPartyCall} pipeline, transactions) applies.
	 *
	 * @param bean the bean, as the application context holds it
	 * @param method the method to invoke on it
	 * @param parameterTypes the types its arguments are read as
	 * @param idempotent whether it may run again after its request may have reached the
	 * vendor: the {@code idempotent} of the task, or of the queued call's
	 * {@code @ThirdPartyCall}
	 */
	public record Invocable(Object bean, Method method, Type[] parameterTypes, boolean idempotent) {

		/**
		 * Calls the method.
		 * @param arguments the arguments
		 * @return what it returned
		 * @throws Throwable what it threw
		 */
		public Object invoke(Object[] arguments) throws Throwable {
			try {
				return this.method.invoke(this.bean, arguments);
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
			catch (IllegalAccessException ex) {
				throw new UnrunnableTaskException("Cannot call " + this.method, ex);
			}
		}

	}

}
