package io.thirdparty.pipeline;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import io.thirdparty.CallMode;
import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyProvider;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;

/**
 * Resolves and caches the {@link CallSpec} of each method: merged-annotation lookup on
 * the method, then on its class (public methods only), {@code ${...}} placeholders, the
 * fallback method and the mode (from the return type unless declared) resolved once.
 * Methods without the annotation are cached too.
 */
public class CallSpecResolver {

	private final Environment environment;

	private final Map<Method, Resolved> lastByMethod = new ConcurrentHashMap<>();

	private final Map<MethodClassKey, Optional<CallSpec>> byMethodAndClass = new ConcurrentHashMap<>();

	/**
	 * Creates a resolver.
	 * @param environment resolves placeholders in service names
	 */
	public CallSpecResolver(Environment environment) {
		this.environment = environment;
	}

	/**
	 * Returns the spec of an invoked method for a target class: the call path. The spec
	 * last resolved for the same {@code Method} object is answered without building a
	 * key; proxies pass the same {@code Method} object on every call, so the lookup finds
	 * it by identity.
	 * @param method the invoked method
	 * @param targetClass the class of the bean it is invoked on
	 * @return the spec, or {@code null} when the method is not a third-party call
	 * @throws InvalidThirdPartyConfigurationException when the annotation cannot be used
	 * as written
	 */
	public CallSpec resolve(Method method, Class<?> targetClass) {
		Resolved last = this.lastByMethod.get(method);
		if (last != null && last.targetClass == targetClass) {
			return last.spec;
		}
		CallSpec spec = specOf(method, targetClass);
		this.lastByMethod.put(method, new Resolved(targetClass, spec));
		return spec;
	}

	/**
	 * Returns the spec of a method for a target class without remembering the
	 * {@code Method} object for the call path; for inspecting methods found by
	 * reflection, whose {@code Method} objects are copies of those a proxy invokes, and
	 * would make every call's lookup compare methods by signature.
	 * @param method the method
	 * @param targetClass the class of the bean it belongs to
	 * @return the spec, or {@code null} when the method is not a third-party call
	 * @throws InvalidThirdPartyConfigurationException when the annotation cannot be used
	 * as written
	 */
	public CallSpec specOf(Method method, Class<?> targetClass) {
		return this.byMethodAndClass
			.computeIfAbsent(new MethodClassKey(method, targetClass),
					(key) -> Optional.ofNullable(build(method, targetClass)))
			.orElse(null);
	}

	private CallSpec build(Method method, Class<?> targetClass) {
		if (AnnotatedElementUtils.hasAnnotation(targetClass, ThirdPartyProvider.class)) {
			// an adapter runs inside its interface's pipeline, through the routing bean,
			// never its own
			return null;
		}
		// a JDK proxy (a declarative HTTP client) declares no parameter names: keep the
		// interface's method
		Method specific = Proxy.isProxyClass(targetClass) ? method
				: AopUtils.getMostSpecificMethod(method, targetClass);
		ThirdPartyCall annotation = AnnotatedElementUtils.findMergedAnnotation(specific, ThirdPartyCall.class);
		if (annotation == null && specific != method) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(method, ThirdPartyCall.class);
		}
		if (annotation == null && Modifier.isPublic(specific.getModifiers())
				&& specific.getDeclaringClass() != Object.class) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(targetClass, ThirdPartyCall.class);
		}
		if (annotation == null) {
			return null;
		}
		String service = this.environment.resolveRequiredPlaceholders(annotation.service());
		String where = "@ThirdPartyCall on " + ClassUtils.getQualifiedMethodName(specific, targetClass);
		if (service.isBlank()) {
			throw new InvalidThirdPartyConfigurationException(where + " (service)", service,
					"the service name is empty",
					"Name a service configured under third-party, e.g. @ThirdPartyCall(service = \"sms\").");
		}
		Method fallback = null;
		boolean fallbackTakesFailure = false;
		if (!annotation.fallback().isEmpty()) {
			fallback = findFallback(specific, targetClass, annotation.fallback(), false);
			if (fallback == null) {
				fallback = findFallback(specific, targetClass, annotation.fallback(), true);
				fallbackTakesFailure = fallback != null;
			}
			if (fallback == null) {
				throw new InvalidThirdPartyConfigurationException(where + " (fallback)", annotation.fallback(),
						"no method '" + annotation.fallback() + "' with the parameters of " + specific.getName()
								+ " (and optionally a trailing Throwable) returning "
								+ specific.getReturnType().getSimpleName() + " in " + targetClass.getName(),
						"Declare the fallback method in the same bean with the same parameters, or fix its name.");
			}
			ReflectionUtils.makeAccessible(fallback);
		}
		CallMode mode = resolveMode(annotation.mode(), specific, where);
		return new CallSpec(specific, targetClass, service, annotation.key(), fallback, fallbackTakesFailure,
				annotation.idempotent(), mode, annotation.idempotencyKey());
	}

	private static CallMode resolveMode(CallMode declared, Method method, String where) {
		boolean returnsFuture = CallSpec.returnsFuture(method);
		Class<?> returnType = method.getReturnType();
		if (declared == CallMode.AUTO) {
			return returnsFuture ? CallMode.ASYNC : CallMode.SYNC;
		}
		if (declared == CallMode.ASYNC && !returnsFuture) {
			throw new InvalidThirdPartyConfigurationException(where + " (mode)", declared,
					"an asynchronous call must return CompletableFuture or CompletionStage, not "
							+ returnType.getSimpleName(),
					"Declare the method to return CompletableFuture<" + returnType.getSimpleName()
							+ "> (the method body returns CompletableFuture.completedFuture(value)), or remove mode = ASYNC.");
		}
		if (declared == CallMode.QUEUED && returnType != void.class && returnType != Void.class
				&& returnType != String.class) {
			throw new InvalidThirdPartyConfigurationException(where + " (mode)", declared,
					"a queued call returns before it runs, so it can only return void, or String for the task id, not "
							+ returnType.getSimpleName(),
					"Declare the method void (or String to receive the task id and read the result with ThirdPartyTasks.check), "
							+ "or remove mode = QUEUED.");
		}
		return declared;
	}

	private static Method findFallback(Method method, Class<?> targetClass, String name, boolean withFailure) {
		Class<?>[] parameters = method.getParameterTypes();
		for (Method candidate : ReflectionUtils.getUniqueDeclaredMethods(targetClass)) {
			Class<?>[] candidateParameters = candidate.getParameterTypes();
			if (!candidate.getName().equals(name)
					|| candidateParameters.length != parameters.length + (withFailure ? 1 : 0)
					|| !ClassUtils.isAssignable(method.getReturnType(), candidate.getReturnType())) {
				continue;
			}
			boolean matches = true;
			for (int i = 0; i < parameters.length && matches; i++) {
				matches = candidateParameters[i].equals(parameters[i]);
			}
			if (matches && withFailure) {
				matches = candidateParameters[parameters.length]
					.isAssignableFrom(io.thirdparty.ThirdPartyException.class);
			}
			if (matches) {
				return candidate;
			}
		}
		return null;
	}

	private record Resolved(Class<?> targetClass, CallSpec spec) {
	}

}
