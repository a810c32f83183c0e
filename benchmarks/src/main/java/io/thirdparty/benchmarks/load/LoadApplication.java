package io.thirdparty.benchmarks.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyContext;

/**
 * P5 of issue 10: a web application, with the starter, serving one endpoint two ways
 * against one fake vendor (a JDK HTTP server in the same JVM, answering at once):
 * {@code GET /with/{id}} calls the vendor through
 * {@code @ThirdPartyCall(service = "load")} (one provider, breaker and retry at their
 * defaults, no cache), {@code GET /without/{id}} makes the same request with the same
 * {@link RestClient} directly. {@code benchmarks/load/p5.sh} drives both with wrk. <pre>
 * java -cp benchmarks/target/benchmarks.jar io.thirdparty.benchmarks.load.LoadApplication --server.port=18080
 * </pre>
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class LoadApplication {

	public static void main(String[] args) throws IOException {
		System.setProperty("sun.net.httpserver.nodelay", "true");
		HttpServer vendor = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		vendor.setExecutor(Executors.newFixedThreadPool(16));
		vendor.createContext("/", (exchange) -> {
			byte[] body = "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		vendor.start();
		String url = "http://127.0.0.1:" + vendor.getAddress().getPort();
		new SpringApplicationBuilder(LoadApplication.class)
			.properties("third-party.load.providers[0].name=vendor", "third-party.load.providers[0].url=" + url,
					"vendor.url=" + url, "logging.level.root=WARN", "spring.main.banner-mode=off")
			.run(args);
	}

	@Bean
	VendorClient vendorClient(RestClient.Builder rest, Environment environment) {
		return new VendorClient(rest.build(), environment.getRequiredProperty("vendor.url"));
	}

	/** The vendor client, once through the starter and once directly. */
	public static class VendorClient {

		private final RestClient rest;

		private final String url;

		VendorClient(RestClient rest, String url) {
			this.rest = rest;
			this.url = url;
		}

		@ThirdPartyCall(service = "load")
		public String through(String id) {
			return fetch(ThirdPartyContext.provider().url(), id);
		}

		public String direct(String id) {
			return fetch(this.url, id);
		}

		private String fetch(String base, String id) {
			return this.rest.get().uri(base + "/items/{id}", id).retrieve().body(String.class);
		}

	}

	/** The two endpoints (a member class of the configuration, so registered with it). */
	@RestController
	static class LoadController {

		private final VendorClient client;

		LoadController(VendorClient client) {
			this.client = client;
		}

		@GetMapping("/with/{id}")
		String with(@PathVariable String id) {
			return this.client.through(id);
		}

		@GetMapping("/without/{id}")
		String without(@PathVariable String id) {
			return this.client.direct(id);
		}

	}

}
