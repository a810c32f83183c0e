package io.thirdparty.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard under read-only access to the {@code thirdparty} endpoint, in an
 * application with a context path, its own Actuator base path and its own dashboard path:
 * the page finds the endpoint and shows the providers, with no button.
 */
@SpringBootTest(classes = DashboardReadOnlyTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.servlet.context-path=/shop", "management.endpoints.web.base-path=/manage",
				"management.endpoints.web.exposure.include=thirdparty",
				"management.endpoint.thirdparty.access=read-only", "third-party.dashboard.path=/ops/vendors",
				"third-party.dashboard.refresh-interval=2s", "third-party.async.store=memory" })
class DashboardReadOnlyTests {

	@RegisterExtension
	static final FakeVendors VENDORS = new FakeVendors();

	private static final FakeVendor a = VENDORS.start("provider_a");

	private static final FakeVendor b = VENDORS.start("provider_b");

	@RegisterExtension
	static final Chromium chromium = new Chromium();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void vendors(DynamicPropertyRegistry registry) {
		registry.add("third-party.sms.providers[0].name", a::name);
		registry.add("third-party.sms.providers[0].url", a::url);
		registry.add("third-party.sms.providers[1].name", b::name);
		registry.add("third-party.sms.providers[1].url", b::url);
	}

	@Test
	void pageShowsTheProvidersWithoutButtons() {
		chromium.driver().get(url("/shop/ops/vendors"));
		await().atMost(Duration.ofSeconds(40))
			.ignoreExceptions()
			.until(() -> chromium.driver()
				.findElements(By.cssSelector("section[data-service='sms'] tr[data-provider]"))
				.size() == 2
					&& chromium.driver()
						.findElement(By.cssSelector("tr[data-provider='provider_b'] [data-field='state']"))
						.getText()
						.equals("UP"));
		assertThat(chromium.driver().getCurrentUrl()).isEqualTo(url("/shop/ops/vendors/"));
		assertThat(chromium.driver().findElement(By.id("connection")).getText()).isEqualTo("live");
		assertThat(chromium.driver().findElement(By.id("access")).getText()).isEqualTo("read-only");
		assertThat(chromium.driver().findElements(By.tagName("button"))).isEmpty();
		assertThat(chromium.driver().findElements(By.tagName("input"))).isEmpty();
	}

	@Test
	void settingsNameTheEndpointUnderTheContextPathAndOfferNoActions() throws Exception {
		HttpResponse<String> settings = get("/shop/ops/vendors/settings");
		assertThat(settings.statusCode()).isEqualTo(200);
		assertThat(settings.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(JsonPath.<String>read(settings.body(), "$.endpoint")).isEqualTo("/shop/manage/thirdparty");
		assertThat(JsonPath.<Boolean>read(settings.body(), "$.actions")).isFalse();
		assertThat(JsonPath.<Integer>read(settings.body(), "$.refreshMillis")).isEqualTo(2000);
	}

	@Test
	void pathRedirectsToThePageWhoseFilesLoadNothingFromElsewhere() throws Exception {
		HttpResponse<String> redirect = get("/shop/ops/vendors");
		assertThat(redirect.statusCode()).isEqualTo(302);
		assertThat(redirect.headers().firstValue("Location")).hasValue("vendors/");
		HttpResponse<String> page = get("/shop/ops/vendors/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
		assertThat(page.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying((policy) -> assertThat(policy).contains("default-src 'none'", "connect-src 'self'",
					"frame-ancestors 'none'"));
		assertThat(page.body()).contains("src=\"dashboard.js\"", "href=\"dashboard.css\"")
			.doesNotContain("http://", "https://");
		assertThat(get("/shop/ops/vendors/dashboard.js").headers().firstValue("Content-Type"))
			.hasValue("text/javascript;charset=UTF-8");
		assertThat(get("/shop/ops/vendors/dashboard.css").statusCode()).isEqualTo(200);
		assertThat(get("/shop/ops/vendors/other.js").statusCode()).isEqualTo(404);
		assertThat(get("/shop/third-party/dashboard").statusCode()).as("the default path").isEqualTo(404);
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(url(path))).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(SmsClient.class)
	static class App {

	}

}
