package io.thirdparty.http;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns Spring Cloud Commons' circuit breaker for HTTP service groups off by default
 * ({@code spring.cloud.circuitbreaker.http-services.enabled=false}, as the
 * lowest-precedence property source, so any setting of the application wins).
 * <p>
 * Spring Cloud CircuitBreaker, which the starter brings, would otherwise wrap every HTTP
 * service group, those of {@code @ThirdPartyCall} interfaces included, in one breaker per
 * group that runs each request on a thread pool of its own. The starter already breaks
 * per provider; the second breaker would count every provider's failures as one, and its
 * thread hop loses the attempt, so a routed request could not tell which provider it is
 * for.
 */
public class HttpServiceBreakerDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source holding the default. */
	public static final String PROPERTY_SOURCE_NAME = "thirdPartyHttpServiceBreakerDefaults";

	/** The property of Spring Cloud Commons that the default is for. */
	public static final String PROPERTY = "spring.cloud.circuitbreaker.http-services.enabled";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(PROPERTY, "false")));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
