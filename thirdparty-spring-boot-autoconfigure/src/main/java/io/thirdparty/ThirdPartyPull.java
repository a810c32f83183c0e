package io.thirdparty;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that bulk-loads a service's data into its cache (the proxy
 * pattern's scheduled pull). The method takes no arguments and returns a {@code Map} from
 * key to value; each entry is stored as {@code <service>:<key>:<version>} with the
 * service's ttl, so that a {@link ThirdPartyCall} whose {@code key} evaluates to the same
 * value is a hit (a method keyed by several arguments is answered by a map keyed by
 * {@code List.of(argument0, argument1)}).
 * <p>
 * It runs once at startup and then every
 * {@code third-party.<service>.cache.pull.interval} or on
 * {@code third-party.<service>.cache.pull.cron}. With a Redis cache backend only one
 * instance runs each round. A method that is also a {@link ThirdPartyCall} gets provider
 * selection and failover, but its own result is not cached.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ThirdPartyPull {

	/**
	 * Name of the service whose cache is filled: a key under {@code third-party}, with a
	 * cache. {@code ${...}} placeholders are resolved once, at startup.
	 */
	String service();

	/**
	 * Keyspace filled, as named by the {@link ThirdPartyCall#keyspace()} of the methods
	 * the pulled entries answer (a method's own keyspace is named after the method).
	 * Needed only when the service's cached methods span several keyspaces.
	 */
	String keyspace() default "";

}
