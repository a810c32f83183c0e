package io.thirdparty.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The provider dashboard as Spring MVC functional routes under its path ({@code <path>}
 * below):
 * <ul>
 * <li>{@code GET <path>} redirects to {@code <path>/}, the page, so that the page's own
 * files resolve relative to it wherever the application is mounted;</li>
 * <li>{@code GET <path>/}, {@code <path>/dashboard.js}, {@code <path>/dashboard.css}: the
 * page, plain HTML, JavaScript and CSS from this jar that load nothing else;</li>
 * <li>{@code GET <path>/settings}: what the page needs to know, {@code {endpoint,
 * actions, refreshMillis}}: the URL path of the {@code thirdparty} endpoint, whether its
 * write operations are available (Actuator's
 * {@code management.endpoint.thirdparty.access}) and how often to read it.</li>
 * </ul>
 * The page reads and changes everything through the endpoint, so the security the
 * application applies to Actuator applies to the page's data and actions; the page itself
 * holds no data.
 */
public class DashboardRoutes {

	/** Where the page's files are, on the class path. */
	static final String RESOURCES = "io/thirdparty/dashboard/";

	private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	private static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript;charset=UTF-8");

	private static final MediaType CSS = MediaType.parseMediaType("text/css;charset=UTF-8");

	private static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");

	private final String path;

	private final long refreshMillis;

	private final Supplier<@Nullable EndpointLink> endpoint;

	private final byte[] page;

	private final byte[] script;

	private final byte[] style;

	/**
	 * Creates the routes, reading the page's files.
	 * @param properties the dashboard's settings, validated
	 * @param endpoint finds the {@code thirdparty} endpoint as Actuator serves it over
	 * HTTP; called on each read of the settings
	 * @throws IllegalStateException when a file of the page is missing from the class
	 * path
	 */
	public DashboardRoutes(DashboardProperties properties, Supplier<@Nullable EndpointLink> endpoint) {
		this.path = properties.getPath();
		this.refreshMillis = properties.getRefreshInterval().toMillis();
		this.endpoint = endpoint;
		this.page = read("index.html");
		this.script = read("dashboard.js");
		this.style = read("dashboard.css");
	}

	/**
	 * Returns the routes.
	 * @return the router function
	 */
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET(this.path, this::redirect)
			.GET(this.path + "/", (request) -> file(this.page, HTML))
			.GET(this.path + "/dashboard.js", (request) -> file(this.script, JAVASCRIPT))
			.GET(this.path + "/dashboard.css", (request) -> file(this.style, CSS))
			.GET(this.path + "/settings", this::settings)
			.build();
	}

	private ServerResponse redirect(ServerRequest request) {
		String last = this.path.substring(this.path.lastIndexOf('/') + 1);
		return ServerResponse.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, last + "/").build();
	}

	private ServerResponse settings(ServerRequest request) {
		EndpointLink link = this.endpoint.get();
		// the context path and the dispatcher servlet's prefix, which Actuator's paths
		// sit under too
		String prefix = request.requestPath().contextPath().value();
		Settings settings = (link != null) ? new Settings(prefix + link.path(), link.writable(), this.refreshMillis)
				: new Settings(null, false, this.refreshMillis);
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.noStore())
			.header("X-Content-Type-Options", "nosniff")
			.body(settings);
	}

	private static ServerResponse file(byte[] content, MediaType type) {
		return ServerResponse.ok()
			.contentType(type)
			.cacheControl(CacheControl.noCache())
			.header("X-Content-Type-Options", "nosniff")
			.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
			.header("Referrer-Policy", "no-referrer")
			.body(content);
	}

	private static byte[] read(String name) {
		ClassPathResource resource = new ClassPathResource(RESOURCES + name, DashboardRoutes.class.getClassLoader());
		try (InputStream in = resource.getInputStream()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new IllegalStateException("The dashboard's " + name + " is missing from the class path at "
					+ RESOURCES + name + "; the thirdparty-spring-boot-autoconfigure jar is incomplete", ex);
		}
	}

	/**
	 * Where the page finds the {@code thirdparty} endpoint.
	 *
	 * @param path its path under the dispatcher servlet, e.g.
	 * {@code /actuator/thirdparty}
	 * @param writable whether its write operations are available
	 */
	public record EndpointLink(String path, boolean writable) {
	}

	/**
	 * What the page reads at {@code <path>/settings}.
	 *
	 * @param endpoint URL path of the {@code thirdparty} endpoint, or {@code null} when
	 * it is not served over HTTP
	 * @param actions whether to offer the operator actions
	 * @param refreshMillis time between two readings, in milliseconds
	 */
	public record Settings(@Nullable String endpoint, boolean actions, long refreshMillis) {
	}

}
