package io.thirdparty.callback;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

import io.thirdparty.ThirdPartyCallback;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.config.ThirdPartyProperties;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;

/**
 * The handler methods annotated {@link ThirdPartyCallback}: found once the handler
 * mappings are ready, checked against the configured services (startup fails for an
 * unknown service or one with no callback credentials), and the paths they are mapped to,
 * so that only requests that may reach one have their body read up front.
 */
public class CallbackEndpoints implements SmartInitializingSingleton {

	private final ObjectProvider<RequestMappingInfoHandlerMapping> mappings;

	private final Environment environment;

	private final ServiceRegistry services;

	private final Map<Method, Optional<CallbackSpec>> specs = new ConcurrentHashMap<>();

	private volatile List<PathPattern> patterns = List.of();

	private volatile boolean matchAll;

	/**
	 * Creates the endpoint catalogue; it fills once every singleton exists.
	 * @param mappings the application's request mappings
	 * @param environment resolves placeholders in service names
	 * @param services the configured services
	 */
	public CallbackEndpoints(ObjectProvider<RequestMappingInfoHandlerMapping> mappings, Environment environment,
			ServiceRegistry services) {
		this.mappings = mappings;
		this.environment = environment;
		this.services = services;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<PathPattern> found = new ArrayList<>();
		boolean all = false;
		for (RequestMappingInfoHandlerMapping mapping : this.mappings.orderedStream().toList()) {
			for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
				CallbackSpec spec = spec(entry.getValue());
				if (spec == null) {
					continue;
				}
				check(spec, entry.getValue());
				for (String pattern : entry.getKey().getPatternValues()) {
					try {
						found.add(PathPatternParser.defaultInstance.parse(pattern));
					}
					catch (PatternParseException ex) {
						// a pattern only the legacy path matcher reads: read every body
						// up front
						all = true;
					}
				}
			}
		}
		this.patterns = List.copyOf(found);
		this.matchAll = all;
	}

	/**
	 * Returns the callback settings of a handler method.
	 * @param handler the handler method
	 * @return the settings, or {@code null} when the method is not a callback endpoint
	 */
	public CallbackSpec spec(HandlerMethod handler) {
		return this.specs.computeIfAbsent(handler.getMethod(), (method) -> Optional.ofNullable(resolve(handler)))
			.orElse(null);
	}

	/**
	 * Returns whether a request may be mapped to a callback endpoint, judging by its
	 * path.
	 * @param request the request
	 * @return {@code true} when its body should be read up front
	 */
	public boolean mayBeCallback(HttpServletRequest request) {
		if (this.matchAll) {
			return true;
		}
		List<PathPattern> current = this.patterns;
		if (current.isEmpty()) {
			return false;
		}
		RequestPath path = RequestPath.parse(request.getRequestURI(), request.getContextPath());
		PathContainer withinApplication = path.pathWithinApplication();
		String servletPath = request.getServletPath();
		PathContainer withinServlet = (servletPath != null && !servletPath.isEmpty() && request.getPathInfo() != null)
				? PathContainer.parsePath(request.getPathInfo()) : null;
		for (PathPattern pattern : current) {
			if (pattern.matches(withinApplication) || (withinServlet != null && pattern.matches(withinServlet))) {
				return true;
			}
		}
		return false;
	}

	private CallbackSpec resolve(HandlerMethod handler) {
		ThirdPartyCallback annotation = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(),
				ThirdPartyCallback.class);
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), ThirdPartyCallback.class);
		}
		if (annotation == null) {
			return null;
		}
		return new CallbackSpec(this.environment.resolveRequiredPlaceholders(annotation.service()),
				annotation.providerVariable());
	}

	private void check(CallbackSpec spec, HandlerMethod handler) {
		String key = ThirdPartyProperties.PREFIX + "." + spec.service();
		ServiceDefinition service = this.services.get(spec.service());
		if (service == null) {
			throw new InvalidThirdPartyConfigurationException(key, null,
					"@ThirdPartyCallback on " + handler.getShortLogMessage() + " names service '" + spec.service()
							+ "', which is not configured",
					"Configure " + key + ".providers[0].name, .url and .callback.secret (or .callback.token), "
							+ "or correct the service name in the annotation.");
		}
		boolean anyCredentials = service.settings()
			.getProviders()
			.stream()
			.anyMatch((provider) -> provider.getCallback().hasCredentials());
		if (!anyCredentials) {
			throw new InvalidThirdPartyConfigurationException(key + ".providers[*].callback", null,
					"@ThirdPartyCallback on " + handler.getShortLogMessage() + " verifies callbacks of '"
							+ spec.service() + "', but none of its providers has a callback token or secret",
					"Set " + key + ".providers[i].callback.secret (HMAC) or .callback.token for each provider that "
							+ "calls back, preferably from the environment, e.g. ${PAY_CALLBACK_SECRET}.");
		}
	}

	/**
	 * What a callback endpoint verifies.
	 *
	 * @param service the service whose providers call back
	 * @param providerVariable the path variable naming the provider
	 */
	public record CallbackSpec(String service, String providerVariable) {
	}

}
