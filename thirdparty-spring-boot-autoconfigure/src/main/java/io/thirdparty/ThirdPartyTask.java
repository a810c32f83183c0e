package io.thirdparty;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as a task type of the start/check task API
 * ({@link ThirdPartyTasks}, and {@code POST /third-party/tasks} in a web application).
 * Starting a task of this type records it and returns its id at once; a queue worker of
 * any instance then calls the method.
 * <p>
 * The method takes exactly one parameter, bound from the task's {@code params} by
 * Jackson; its return value, written as JSON, becomes the task's {@code result}. The
 * method may also carry {@link ThirdPartyCall} (synchronous) so that its vendor call gets
 * the whole pipeline; {@link ThirdPartyContext#idempotencyKey()} then gives the task's
 * idempotency key (or its id) to pass on to the vendor.
 * <p>
 * A task is not {@link #idempotent()} unless it says so, because a payment must be safe
 * by default: a failed run whose request may have reached the vendor (an HTTP 5xx, a
 * timeout, a reset connection) is not run again, and neither is a run that a dead or
 * stopped worker left unfinished; the task ends {@code FAILED} with the reason. Only
 * failures where the request never left (connection refused, unknown host, no provider
 * available) are retried with backoff, up to {@code third-party.async.max-deliveries}
 * runs. An idempotent task retries every failure but the caller's own (other 4xx, invalid
 * arguments). A non-idempotent task's {@code @ThirdPartyCall} must say
 * {@code idempotent = false} too, or startup fails: the pipeline would otherwise repeat
 * the request within one run.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ThirdPartyTask {

	/**
	 * Name of the task type, unique in the application, e.g. {@code "payment"}.
	 */
	String value();

	/**
	 * Whether the task may safely run again after its request may have reached the vendor
	 * (a redelivery or a retry). Defaults to {@code false}: only failures that never
	 * reached the vendor are retried.
	 */
	boolean idempotent() default false;

}
