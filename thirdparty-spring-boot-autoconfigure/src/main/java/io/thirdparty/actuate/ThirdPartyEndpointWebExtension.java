package io.thirdparty.actuate;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.http.ProblemDetail;

import io.thirdparty.actuate.ThirdPartyEndpoint.ProviderAction;
import io.thirdparty.actuate.ThirdPartyEndpoint.ProviderDescriptor;
import io.thirdparty.actuate.ThirdPartyEndpoint.ServiceAction;
import io.thirdparty.actuate.ThirdPartyEndpoint.ServiceDescriptor;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.web.Problems;

/**
 * Web extension of the {@link ThirdPartyEndpoint}: what cannot be answered is an RFC 9457
 * problem ({@code application/problem+json}, see {@link Problems}). An unknown service or
 * provider answers 404 naming the ones that exist, for reads and writes alike; a missing
 * or unknown action answers 400 listing the valid ones; an action that does not apply
 * answers 400 saying why; a {@code cache-version} the configuration in force would be
 * refused with answers 409.
 */
@EndpointWebExtension(endpoint = ThirdPartyEndpoint.class)
public class ThirdPartyEndpointWebExtension {

	private static final int BAD_REQUEST = WebEndpointResponse.STATUS_BAD_REQUEST;

	private static final int NOT_FOUND = WebEndpointResponse.STATUS_NOT_FOUND;

	private static final int CONFLICT = 409;

	private final ThirdPartyEndpoint delegate;

	/**
	 * Creates the extension.
	 * @param delegate the endpoint
	 */
	public ThirdPartyEndpointWebExtension(ThirdPartyEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * Describes one service; see {@link ThirdPartyEndpoint#service}.
	 * @param service the service name
	 * @return the service, or a 404 problem
	 */
	@ReadOperation
	public WebEndpointResponse<Object> service(@Selector String service) {
		ServiceDescriptor descriptor = this.delegate.service(service);
		return (descriptor != null) ? ok(descriptor) : unknown(service, null);
	}

	/**
	 * Describes one provider; see {@link ThirdPartyEndpoint#provider}.
	 * @param service the service name
	 * @param provider the provider name
	 * @return the provider, or a 404 problem
	 */
	@ReadOperation
	public WebEndpointResponse<Object> provider(@Selector String service, @Selector String provider) {
		ProviderDescriptor descriptor = this.delegate.provider(service, provider);
		return (descriptor != null) ? ok(descriptor) : unknown(service, provider);
	}

	/**
	 * Acts on a service; see {@link ThirdPartyEndpoint#changeService}.
	 * @param service the service name
	 * @param action what to do: {@code release} or {@code cache-version}
	 * @param version the new cache version, for {@code cache-version}
	 * @return the service as changed, or a 404 or 400 problem
	 */
	@WriteOperation
	public WebEndpointResponse<Object> changeService(@Selector String service, @Nullable String action,
			@Nullable String version) {
		ServiceAction parsed = parse(ServiceAction.class, action);
		if (parsed == null) {
			WebEndpointResponse<Object> unknown = unknown(service, null);
			return (unknown != null) ? unknown : invalidAction(ServiceAction.class, action);
		}
		try {
			ServiceDescriptor changed = this.delegate.changeService(service, parsed, version);
			return (changed != null) ? ok(changed) : unknown(service, null);
		}
		catch (InvalidEndpointRequestException ex) {
			return problem(BAD_REQUEST, "invalid-request", "the action does not apply as sent", ex.getReason());
		}
		catch (InvalidThirdPartyConfigurationException ex) {
			return problem(CONFLICT, "configuration-refused",
					"the configuration the cache version would be applied with is refused",
					"The cache version was not set: the configuration it would be applied with is refused, and the "
							+ "one in force stays. " + ex.getMessage() + ". Action: " + ex.getAction());
		}
	}

	/**
	 * Acts on a provider; see {@link ThirdPartyEndpoint#changeProvider}.
	 * @param service the service name
	 * @param provider the provider name
	 * @param action what to do: {@code disable}, {@code enable}, {@code force} or
	 * {@code reset-breaker}
	 * @return the service as changed, or a 404 or 400 problem
	 */
	@WriteOperation
	public WebEndpointResponse<Object> changeProvider(@Selector String service, @Selector String provider,
			@Nullable String action) {
		ProviderAction parsed = parse(ProviderAction.class, action);
		if (parsed == null) {
			WebEndpointResponse<Object> unknown = unknown(service, provider);
			return (unknown != null) ? unknown : invalidAction(ProviderAction.class, action);
		}
		ServiceDescriptor changed = this.delegate.changeProvider(service, provider, parsed);
		return (changed != null) ? ok(changed) : unknown(service, provider);
	}

	/**
	 * Evicts keys of a service's cache; see {@link ThirdPartyEndpoint#evictCache}.
	 * @param service the service name
	 * @param cache {@code cache}
	 * @param action {@code evict}
	 * @param keys the keys
	 * @return what was evicted, or a 404 or 400 problem
	 */
	@WriteOperation
	public WebEndpointResponse<Object> evictCache(@Selector String service, @Selector String cache,
			@Selector String action, @Nullable List<String> keys) {
		try {
			Object evicted = this.delegate.evictCache(service, cache, action, keys);
			if (evicted != null) {
				return ok(evicted);
			}
			WebEndpointResponse<Object> unknown = unknown(service, null);
			return (unknown != null) ? unknown
					: problem(NOT_FOUND, "unknown-action", "no such action on a service's cache",
							"Unknown cache action '" + cache + "/" + action + "'; valid: cache/evict");
		}
		catch (InvalidEndpointRequestException ex) {
			return problem(BAD_REQUEST, "invalid-request", "the action does not apply as sent", ex.getReason());
		}
	}

	/**
	 * Answers 404 for a service or provider that does not exist.
	 * @return the problem, or {@code null} when both exist
	 */
	private @Nullable WebEndpointResponse<Object> unknown(String service, @Nullable String provider) {
		ServiceDescriptor descriptor = this.delegate.service(service);
		if (descriptor == null) {
			return problem(NOT_FOUND, "unknown-service", "no service of the application has that name",
					"No service '" + service + "'; services: " + names(this.delegate.services().services().keySet()));
		}
		List<String> providers = descriptor.providers().stream().map(ProviderDescriptor::name).toList();
		if (provider != null && !providers.contains(provider)) {
			return problem(NOT_FOUND, "unknown-provider", "no provider of this service has that name",
					"Service '" + service + "' has no provider '" + provider + "'; providers: " + names(providers));
		}
		return null;
	}

	private static <E extends Enum<E>> @Nullable E parse(Class<E> actions, @Nullable String action) {
		if (action == null) {
			return null;
		}
		String wanted = normalize(action);
		for (E candidate : actions.getEnumConstants()) {
			if (normalize(candidate.name()).equals(wanted)) {
				return candidate;
			}
		}
		return null;
	}

	private static WebEndpointResponse<Object> invalidAction(Class<? extends Enum<?>> actions,
			@Nullable String action) {
		List<String> valid = Arrays.stream(actions.getEnumConstants())
			.map((candidate) -> candidate.name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.toList();
		String detail = ((action != null) ? "Unknown action '" + action + "'"
				: "Missing action, e.g. {\"action\":\"" + valid.get(0) + "\"}") + "; valid actions: " + names(valid);
		return problem(BAD_REQUEST, "invalid-action", "the action is missing or not one the endpoint knows", detail);
	}

	private static String normalize(String name) {
		return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
	}

	private static String names(Collection<String> names) {
		return names.isEmpty() ? "none" : String.join(", ", names);
	}

	private static WebEndpointResponse<Object> ok(Object body) {
		return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_OK);
	}

	private static WebEndpointResponse<Object> problem(int status, String error, String reason, String detail) {
		ProblemDetail problem = Problems.of(status, error, reason, detail);
		return new WebEndpointResponse<>(problem, status, Problems.MEDIA_TYPE);
	}

}
