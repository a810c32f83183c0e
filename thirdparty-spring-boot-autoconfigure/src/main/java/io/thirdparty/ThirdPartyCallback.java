package io.thirdparty;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Spring MVC handler method (or, on a controller type, all of its handler
 * methods) as an endpoint that a vendor of a third-party service calls back. Each request
 * is verified before the method runs, and before its body is read, with the credentials
 * of the service's providers ({@code third-party.<service>.providers[].callback}) and the
 * settings under {@code third-party.callbacks}:
 * <ul>
 * <li>transport: HTTPS, directly or through a trusted proxy (403);</li>
 * <li>rate per source address (429) and body size (413);</li>
 * <li>token: the token header equals the provider's {@code callback.token} (401);</li>
 * <li>signature: the HMAC of {@code timestamp + "\n" + nonce + "\n" + raw body} with the
 * provider's {@code callback.secret} equals the signature header (401);</li>
 * <li>freshness: the timestamp, in seconds since the epoch, is within the tolerance
 * (401), and the nonce was not used before within twice the tolerance (409);</li>
 * <li>rate per provider (429).</li>
 * </ul>
 * The calling provider is the path variable named {@link #providerVariable()} when the
 * mapping has one; otherwise every provider of the service is tried. A refused request is
 * answered with a JSON body {@code {"error": "...", "reason": "..."}} and never reaches
 * the method. An accepted one reaches it with its body exactly as received, and with the
 * verified {@link Provider} in the request attribute {@link #PROVIDER_ATTRIBUTE}.
 */
@Target({ ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface ThirdPartyCallback {

	/**
	 * Request attribute that holds the verified {@link Provider} of an accepted callback,
	 * e.g.
	 * {@code @RequestAttribute(ThirdPartyCallback.PROVIDER_ATTRIBUTE) Provider provider}.
	 */
	String PROVIDER_ATTRIBUTE = "io.thirdparty.ThirdPartyCallback.provider";

	/**
	 * Name of the service whose providers call back: a key under {@code third-party}.
	 * {@code ${...}} placeholders are resolved once, at startup.
	 */
	String service();

	/**
	 * Name of the path variable that names the calling provider, when the mapping has it.
	 */
	String providerVariable() default "provider";

}
