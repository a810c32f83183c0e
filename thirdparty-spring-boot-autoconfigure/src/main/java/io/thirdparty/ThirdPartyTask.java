package io.thirdparty;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as a task type of the start/check task API ({@link ThirdPartyTasks}, and
 * {@code POST /third-party/tasks} in a web application). Starting a task of this type records
 * it and returns its id at once; a queue worker of any instance then calls the method.
 * <p>
 * The method takes exactly one parameter, bound from the task's {@code params} by Jackson; its
 * return value, written as JSON, becomes the task's {@code result}, and an exception it throws
 * is retried with backoff up to {@code third-party.async.max-deliveries} times. The method may
 * also carry {@link ThirdPartyCall} (synchronous) so that its vendor call gets the whole
 * pipeline; {@link ThirdPartyContext#idempotencyKey()} then gives the task's idempotency key to
 * pass on to the vendor.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ThirdPartyTask {

	/**
	 * Name of the task type, unique in the application, e.g. {@code "payment"}.
	 */
	String value();

}
