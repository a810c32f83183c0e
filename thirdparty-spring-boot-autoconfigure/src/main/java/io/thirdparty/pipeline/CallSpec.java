package io.thirdparty.pipeline;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.thirdparty.CallMode;
import io.thirdparty.ThirdPartyException;

/**
 * What a {@code @ThirdPartyCall} method asks for, resolved once per method and target
 * class: its service, key expression, fallback, idempotency and mode.
 *
 * @param method the annotated method
 * @param targetClass the class of the bean it was resolved for
 * @param service the service name, placeholders resolved
 * @param key the cache-key expression, empty for every argument
 * @param fallback the fallback method, or {@code null}
 * @param fallbackTakesFailure whether the fallback's last parameter receives the failure
 * @param idempotent whether the call may be repeated after reaching the vendor
 * @param mode where the call runs: {@link CallMode#SYNC}, {@link CallMode#ASYNC} or
 * {@link CallMode#QUEUED}, never {@link CallMode#AUTO}
 * @param idempotencyKey the idempotency-key expression of a queued call, empty to derive
 * the key from the arguments
 * @param returnsFuture whether the method returns a future ({@code CompletableFuture} or
 * {@code CompletionStage}), which the pipeline unwraps inside each attempt
 */
public record CallSpec(Method method, Class<?> targetClass, String service, String key, Method fallback,
		boolean fallbackTakesFailure, boolean idempotent, CallMode mode, String idempotencyKey, boolean returnsFuture) {

	/**
	 * Creates the spec of a method, deciding from its return type whether it returns a
	 * future.
	 * @param method the annotated method
	 * @param targetClass the class of the bean it was resolved for
	 * @param service the service name, placeholders resolved
	 * @param key the cache-key expression, empty for every argument
	 * @param fallback the fallback method, or {@code null}
	 * @param fallbackTakesFailure whether the fallback's last parameter receives the
	 * failure
	 * @param idempotent whether the call may be repeated after reaching the vendor
	 * @param mode where the call runs
	 * @param idempotencyKey the idempotency-key expression of a queued call
	 */
	public CallSpec(Method method, Class<?> targetClass, String service, String key, Method fallback,
			boolean fallbackTakesFailure, boolean idempotent, CallMode mode, String idempotencyKey) {
		this(method, targetClass, service, key, fallback, fallbackTakesFailure, idempotent, mode, idempotencyKey,
				returnsFuture(method));
	}

	/**
	 * Returns whether a method returns a future the pipeline can complete.
	 * @param method the method
	 * @return {@code true} when its return type is {@code CompletableFuture} or a
	 * supertype of it that is a {@code CompletionStage}
	 */
	public static boolean returnsFuture(Method method) {
		Class<?> type = method.getReturnType();
		return CompletionStage.class.isAssignableFrom(type) && type.isAssignableFrom(CompletableFuture.class);
	}

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
