package io.thirdparty.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.ExposableEndpoint;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import io.thirdparty.actuate.ThirdPartyEndpoint;
import io.thirdparty.dashboard.DashboardProperties;
import io.thirdparty.dashboard.DashboardRoutes;
import io.thirdparty.dashboard.DashboardRoutes.EndpointLink;

/**
 * Auto-configuration of the provider dashboard, a page at
 * {@code third-party.dashboard.path} (default {@code /third-party/dashboard}) that shows
 * and changes the providers through the {@code thirdparty} endpoint: in a servlet web
 * application whose {@code thirdparty} endpoint is exposed over HTTP on the application's
 * own port (the page calls the endpoint from the same origin). Off with
 * {@code third-party.dashboard.enabled=false}.
 */
@AutoConfiguration(after = ThirdPartyEndpointAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ RouterFunction.class, ConditionalOnAvailableEndpoint.class, PathMappedEndpoints.class })
@ConditionalOnBooleanProperty(name = DashboardProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnBean(ThirdPartyEndpoint.class)
@ConditionalOnAvailableEndpoint(endpoint = ThirdPartyEndpoint.class, exposure = EndpointExposure.WEB)
@ConditionalOnManagementPort(ManagementPortType.SAME)
@EnableConfigurationProperties(DashboardProperties.class)
public class ThirdPartyDashboardAutoConfiguration {

	/** Name of the router function bean. */
	public static final String ROUTES = "thirdPartyDashboardRoutes";

	private static final EndpointId ENDPOINT = EndpointId.of("thirdparty");

	@Bean(name = ROUTES)
	@ConditionalOnMissingBean(name = ROUTES)
	RouterFunction<ServerResponse> thirdPartyDashboardRoutes(DashboardProperties properties,
			ObjectProvider<PathMappedEndpoints> endpoints) {
		properties.validate();
		return new DashboardRoutes(properties, () -> link(endpoints.getIfAvailable())).routes();
	}

	/**
	 * Finds the {@code thirdparty} endpoint as Actuator serves it: its path and whether
	 * it has write operations (Actuator leaves them out under {@code read-only} access).
	 */
	private static @Nullable EndpointLink link(@Nullable PathMappedEndpoints endpoints) {
		if (endpoints == null) {
			return null;
		}
		PathMappedEndpoint endpoint = endpoints.getEndpoint(ENDPOINT);
		String path = endpoints.getPath(ENDPOINT);
		if (endpoint == null || path == null) {
			return null;
		}
		boolean writable = endpoint instanceof ExposableEndpoint<?> exposable && exposable.getOperations()
			.stream()
			.anyMatch((operation) -> operation.getType() == OperationType.WRITE);
		return new EndpointLink(path, writable);
	}

}
