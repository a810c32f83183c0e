package io.thirdparty;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean as one provider's adapter: an implementation, written against that
 * vendor's own API, of an interface annotated {@link ThirdPartyCall}. The service is the
 * interface's {@code @ThirdPartyCall(service = ...)}; {@link #value()} names the provider
 * under {@code third-party.<service>.providers[]}.
 * <p>
 * Callers inject the interface and get the starter's routing bean (primary for that
 * type): it runs the whole pipeline (cache, selection, breaker, retry and failover,
 * fallback, asynchronous and queued modes, metrics) and calls, for each attempt, the
 * adapter of the provider chosen for it. An adapter itself is never advised: injected by
 * its own class it is a plain bean, called outside any pipeline. It may take a
 * {@link ProviderSettings} constructor parameter for its provider's url, metadata and
 * credentials. <pre class="code">
 * &#64;ThirdPartyCall(service = "sms")
 * public interface SmsGateway { Receipt send(String phone, String text); }
 *
 * &#64;ThirdPartyProvider("provider_a") &#64;Component
 * class AliyunSms implements SmsGateway { ... }
 * </pre> Also usable on a {@code @Bean} method whose return type implements the
 * interface.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ThirdPartyProvider {

	/**
	 * Name of the provider this bean is the adapter of, as in
	 * {@code third-party.<service>.providers[i].name}.
	 */
	String value();

}
