package io.thirdparty;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method (or, on a type, every public method of it) as a call to a
 * third-party service configured under {@code third-party.<service>}.
 * <p>
 * Each invocation selects one of the service's providers, runs the method under that
 * provider's rate limiter, bulkhead, time limit and circuit breaker with
 * {@link ThirdPartyContext#provider()} set, and on a retryable failure retries on the
 * next eligible provider. When every attempt failed the {@link #fallback()} method runs,
 * or a {@link ThirdPartyException} is thrown.
 * <p>
 * The {@link #mode()} says where that happens: on the caller's thread, on the starter's
 * bounded executor for a method returning {@code CompletableFuture} (chosen from the
 * return type by default), or later on a queue worker for a {@link CallMode#QUEUED}
 * method.
 * <p>
 * Usable as a meta-annotation.
 */
@Target({ ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface ThirdPartyCall {

	/**
	 * Name of the service: a key under {@code third-party} in the configuration.
	 * {@code ${...}} placeholders are resolved once, at startup.
	 */
	String service();

	/**
	 * SpEL expression over the method's arguments ({@code #name}, {@code #p0},
	 * {@code #a0}) that gives the cache key. Empty means every argument.
	 */
	String key() default "";

	/**
	 * Name of the part of the service's cache this method's results are kept in. Methods
	 * of one service share entries only when they name the same keyspace; empty means a
	 * keyspace of the method's own, named after it. When a service's cached methods span
	 * several keyspaces, each key starts with {@code <keyspace>:}.
	 */
	String keyspace() default "";

	/**
	 * Name of a method of the same bean, with the same parameters and optionally a
	 * trailing {@link Throwable}, called when every provider failed. Empty means none.
	 */
	String fallback() default "";

	/**
	 * Whether the call may safely be repeated. When {@code false} the call is never
	 * retried once the request may have reached the vendor; only failures to connect fail
	 * over.
	 */
	boolean idempotent() default true;

	/**
	 * Where the call runs: {@link CallMode#AUTO} (the default) runs a method returning
	 * {@code CompletableFuture}/{@code CompletionStage} on the starter's executor and any
	 * other on the caller's thread; {@link CallMode#QUEUED} records it on the task queue
	 * and returns at once.
	 */
	CallMode mode() default CallMode.AUTO;

	/**
	 * SpEL expression over the method's arguments that gives the idempotency key of a
	 * {@link CallMode#QUEUED} call, e.g. {@code "#notification.id"}: a second call with
	 * the same key and arguments, while the first is retained, returns the first task
	 * instead of queueing the work again; the same key with other arguments is refused
	 * with an {@code IdempotencyKeyReusedException}. Empty (the default) deduplicates
	 * nothing: every call is new work, however alike its arguments. To deduplicate
	 * identical arguments, say so with an expression over them (e.g.
	 * {@code "#to + ':' + #text"}). Available to the method as
	 * {@link ThirdPartyContext#idempotencyKey()}, which without a key gives the task id.
	 */
	String idempotencyKey() default "";

}
