package io.thirdparty.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.thirdparty.actuate.CacheOperations;
import io.thirdparty.provider.ProviderControl;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PriceClient;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard page in a real, headless Chromium against a running application with two
 * fake SMS vendors and a cached price vendor under steady traffic: it shows the
 * providers, a vendor fault as it happens, and its buttons change the providers.
 */
@SpringBootTest(classes = DashboardBrowserTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=thirdparty,health",
				"management.endpoint.thirdparty.access=unrestricted", "third-party.async.store=memory",
				// what the page changes stays in this application, not in the shared test
				// Redis
				"third-party.operator.shared=false", "third-party.sms.retry.backoff=10ms",
				"third-party.sms.circuit-breaker.consecutive-failures=3",
				"third-party.sms.circuit-breaker.wait-in-open=10m", "third-party.price.cache.ttl=2s",
				"third-party.price.cache.version=v1" })
class DashboardBrowserTests {

	private static final Duration PATIENCE = Duration.ofSeconds(40);

	@RegisterExtension
	static final FakeVendors VENDORS = new FakeVendors();

	private static final FakeVendor a = VENDORS.start("provider_a");

	private static final FakeVendor b = VENDORS.start("provider_b");

	private static final FakeVendor prices = VENDORS.start("price_vendor");

	@RegisterExtension
	static final Chromium chromium = new Chromium();

	@LocalServerPort
	private int port;

	@Autowired
	private SmsClient sms;

	@Autowired
	private PriceClient price;

	@Autowired
	private ProviderControl control;

	@Autowired
	private CacheOperations cache;

	private ScheduledExecutorService traffic;

	private final AtomicInteger failedCalls = new AtomicInteger();

	@DynamicPropertySource
	static void vendors(DynamicPropertyRegistry registry) {
		registry.add("third-party.sms.providers[0].name", a::name);
		registry.add("third-party.sms.providers[0].url", a::url);
		registry.add("third-party.sms.providers[0].weight", () -> 60);
		registry.add("third-party.sms.providers[1].name", b::name);
		registry.add("third-party.sms.providers[1].url", b::url);
		registry.add("third-party.sms.providers[1].weight", () -> 40);
		registry.add("third-party.price.providers[0].name", prices::name);
		registry.add("third-party.price.providers[0].url", prices::url);
	}

	@BeforeEach
	void startTraffic() {
		this.traffic = Executors.newSingleThreadScheduledExecutor();
		AtomicInteger sku = new AtomicInteger();
		this.traffic.scheduleWithFixedDelay(() -> {
			try {
				this.sms.send("hello");
			}
			catch (RuntimeException ex) {
				this.failedCalls.incrementAndGet();
			}
			this.price.price("sku-" + (sku.incrementAndGet() % 4));
		}, 0, 20, TimeUnit.MILLISECONDS);
	}

	@AfterEach
	void stopTraffic() throws InterruptedException {
		this.traffic.shutdownNow();
		assertThat(this.traffic.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		a.ok();
		b.ok();
		this.control.release("sms");
		for (String provider : List.of("provider_a", "provider_b")) {
			this.control.enable("sms", provider);
			this.control.resetBreaker("sms", provider);
		}
		this.cache.setVersion("price", "v1");
	}

	@Test
	void showsBothProvidersAFaultAsItHappensAndItsButtonsStopTraffic() throws IOException {
		chromium.driver().get("http://127.0.0.1:" + this.port + "/third-party/dashboard");
		await().atMost(PATIENCE)
			.ignoreExceptions()
			.until(() -> state("provider_a").equals("UP") && state("provider_b").equals("UP")
					&& cell("provider_a", "callsPerSecond").matches("\\d+\\.\\d"));
		assertThat(chromium.driver().findElement(By.id("connection")).getText()).isEqualTo("live");
		assertThat(chromium.driver().findElement(By.id("access")).getText()).isEqualTo("operator actions on");
		await().atMost(PATIENCE).ignoreExceptions().until(() -> serviceField("price", "cacheHitRate").endsWith("%"));

		a.status(500);
		await().atMost(PATIENCE).ignoreExceptions().until(() -> state("provider_a").equals("EJECTED"));
		await().atMost(PATIENCE)
			.ignoreExceptions()
			.until(() -> !events("FAILOVER", "provider_b").isEmpty() && !events("EJECTED", "provider_a").isEmpty());
		assertThat(events("FAILOVER", "provider_b").get(0).getText()).contains("failover provider_a \u2192 provider_b");
		assertThat(cell("provider_a", "lastError")).contains("500");
		assertThat(cell("provider_a", "reason")).isNotEmpty();
		screenshot();

		a.ok();
		click("provider_a", "reset-breaker");
		await().atMost(PATIENCE).ignoreExceptions().until(() -> state("provider_a").equals("UP"));

		click("provider_b", "disable");
		await().atMost(PATIENCE).ignoreExceptions().until(() -> state("provider_b").equals("DISABLED"));
		assertThat(button("provider_b", "disable").isDisplayed()).isFalse();
		assertThat(button("provider_b", "enable").isDisplayed()).isTrue();
		// calls already on their way to provider_b when it was disabled end before
		// provider_a
		// has answered a few more
		int aBefore = a.requests();
		await().atMost(PATIENCE).until(() -> a.requests() >= aBefore + 5);
		int bStopped = b.requests();
		int aStopped = a.requests();
		await().atMost(PATIENCE).until(() -> a.requests() >= aStopped + 30);
		assertThat(b.requests()).as("requests to the disabled vendor").isEqualTo(bStopped);
		await().atMost(PATIENCE).ignoreExceptions().until(() -> cell("provider_b", "callsPerSecond").equals("0.0"));

		click("provider_b", "enable");
		await().atMost(PATIENCE).ignoreExceptions().until(() -> state("provider_b").equals("UP"));
		await().atMost(PATIENCE).until(() -> b.requests() > bStopped);
	}

	@Test
	void forcesAndReleasesASwitchoverAndSetsTheCacheVersion() {
		chromium.driver().get("http://127.0.0.1:" + this.port + "/third-party/dashboard");
		await().atMost(PATIENCE).ignoreExceptions().until(() -> state("provider_b").equals("UP"));
		assertThat(serviceButton("sms", "release").isDisplayed()).as("nothing to release").isFalse();
		click("provider_b", "force");
		await().atMost(PATIENCE)
			.ignoreExceptions()
			.until(() -> state("provider_b").equals("FORCED")
					&& serviceField("sms", "forced").equals("switched over to provider_b"));
		int aForced = a.requests();
		int bForced = b.requests();
		await().atMost(PATIENCE).until(() -> b.requests() >= bForced + 20);
		assertThat(a.requests()).as("requests to the other vendor during the switchover")
			.isLessThanOrEqualTo(aForced + 1);
		await().atMost(PATIENCE).ignoreExceptionsInstanceOf(WebDriverException.class).until(() -> {
			serviceButton("sms", "release").click();
			return true;
		});
		await().atMost(PATIENCE)
			.ignoreExceptions()
			.until(() -> state("provider_b").equals("UP") && serviceField("sms", "forced").isEmpty());
		int aReleased = a.requests();
		await().atMost(PATIENCE).until(() -> a.requests() > aReleased + 5);

		assertThat(serviceField("price", "cacheVersion")).isEqualTo("v1");
		WebElement version = chromium.driver()
			.findElement(By.cssSelector("section[data-service='price'] [data-field='versionInput']"));
		version.sendKeys("v2");
		serviceButton("price", "cache-version").click();
		await().atMost(PATIENCE).ignoreExceptions().until(() -> serviceField("price", "cacheVersion").equals("v2"));
		assertThat(chromium.driver().findElement(By.id("message")).getText()).isEqualTo("Cache version of price: done");
	}

	private static WebElement serviceButton(String service, String action) {
		return chromium.driver()
			.findElement(
					By.cssSelector("section[data-service='" + service + "'] button[data-action='" + action + "']"));
	}

	private static String state(String provider) {
		return cell(provider, "state");
	}

	private static WebElement row(String provider) {
		return chromium.driver()
			.findElement(By.cssSelector("section[data-service='sms'] tr[data-provider='" + provider + "']"));
	}

	private static String cell(String provider, String field) {
		return row(provider).findElement(By.cssSelector("[data-field='" + field + "']")).getText();
	}

	private static String serviceField(String service, String field) {
		return chromium.driver()
			.findElement(By.cssSelector("section[data-service='" + service + "'] [data-field='" + field + "']"))
			.getText();
	}

	private static WebElement button(String provider, String action) {
		return row(provider).findElement(By.cssSelector("button[data-action='" + action + "']"));
	}

	private static void click(String provider, String action) {
		await().atMost(PATIENCE).ignoreExceptionsInstanceOf(WebDriverException.class).until(() -> {
			WebElement button = button(provider, action);
			if (!button.isDisplayed() || !button.isEnabled()) {
				return false;
			}
			button.click();
			return true;
		});
	}

	private static List<WebElement> events(String kind, String provider) {
		return chromium.driver()
			.findElements(By.cssSelector("#events li[data-kind='" + kind + "'][data-provider='" + provider + "']"));
	}

	private static void screenshot() throws IOException {
		Path target = Path.of("target", "dashboard.png");
		Files.createDirectories(target.getParent());
		Files.write(target, chromium.driver().getScreenshotAs(OutputType.BYTES));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ SmsClient.class, PriceClient.class })
	static class App {

	}

}
