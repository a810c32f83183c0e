package io.thirdparty.pipeline;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

import io.thirdparty.ThirdPartyException;

/**
 * What a {@code @ThirdPartyCall} method asks for, resolved once per method and target class:
 * its service, key expression, fallback and idempotency.
 *
 * @param method the annotated method
 * @param targetClass the class of the bean it was resolved for
 * @param service the service name, placeholders resolved
 * @param key the cache-key expression, empty for every argument
 * @param fallback the fallback method, or {@code null}
 * @param fallbackTakesFailure whether the fallback's last parameter receives the failure
 * @param idempotent whether the call may be repeated after reaching the vendor
 */
public record CallSpec(Method method, Class<?> targetClass, String service, String key, Method fallback,
		boolean fallbackTakesFailure, boolean idempotent) {

	/**
	 * Calls the fallback method.
	 * @param target the bean
	 * @param arguments the call's arguments
	 * @param failure why every provider failed
	 * @return what the fallback returned
	 * @throws Throwable what the fallback threw
	 */
	public Object invokeFallback(Object target, Object[] arguments, ThirdPartyException failure) throws Throwable {
		Object[] fallbackArguments = arguments;
		if (this.fallbackTakesFailure) {
			fallbackArguments = Arrays.copyOf(arguments, arguments.length + 1);
			fallbackArguments[arguments.length] = failure;
		}
		try {
			return this.fallback.invoke(target, fallbackArguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

}
