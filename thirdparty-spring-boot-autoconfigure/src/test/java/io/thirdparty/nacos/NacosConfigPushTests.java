package io.thirdparty.nacos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.alibaba.cloud.nacos.NacosConfigManager;
import com.alibaba.nacos.api.exception.NacosException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import io.thirdparty.Provider;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.NacosServerDouble;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live configuration from Nacos Config: the real nacos-client and Spring Cloud Alibaba
 * ({@code spring.config.import=nacos:...}) against the {@link NacosServerDouble}. Two
 * applications follow one data id; each push (a vendor added, re-weighted, removed, and
 * an invalid one) reaches both, or is refused by both, within 5 s.
 * <p>
 * Spring Cloud Alibaba keeps its Nacos {@code ConfigService} in a static field, so the
 * two contexts of this JVM share one client and one connection to the double; each has
 * its own Nacos property source, refresher listener and service registry.
 */
class NacosConfigPushTests {

	private static final String DATA_ID = "thirdparty-sms.yaml";

	private static final String GROUP = "THIRDPARTY";

	private static final Duration PUSH = Duration.ofSeconds(5);

	private static NacosServerDouble nacos;

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("provider_a");

	private final FakeVendor b = this.vendors.start("provider_b");

	private ConfigurableApplicationContext one;

	private ConfigurableApplicationContext two;

	@BeforeAll
	static void startNacos() {
		Path logs = Path.of("target", "nacos").toAbsolutePath();
		System.setProperty("JM.LOG.PATH", logs.resolve("logs").toString());
		System.setProperty("JM.SNAPSHOT.PATH", logs.resolve("snapshot").toString());
		nacos = NacosServerDouble.start();
	}

	@AfterAll
	static void stopNacos() throws Exception {
		NacosConfigManager manager = NacosConfigManager.getInstance();
		if (manager != null && manager.getConfigService() != null) {
			try {
				manager.getConfigService().shutDown();
			}
			catch (NacosException ex) {
				throw new IllegalStateException("Could not shut the Nacos client down", ex);
			}
		}
		nacos.close();
	}

	@AfterEach
	void closeContexts() {
		if (this.one != null) {
			this.one.close();
		}
		if (this.two != null) {
			this.two.close();
		}
	}

	@Test
	void pushesReachBothApplicationsAndAnInvalidOneIsRefusedByBoth() {
		nacos.publish(DATA_ID, GROUP, config(provider(this.a, 100)));
		this.one = start();
		this.two = start();
		assertThat(names(this.one)).containsExactly("provider_a");
		assertThat(names(this.two)).containsExactly("provider_a");
		await().atMost(PUSH).until(() -> nacos.listened(DATA_ID, GROUP));

		nacos.publish(DATA_ID, GROUP, config(provider(this.a, 100), provider(this.b, 100)));
		awaitBoth((context) -> assertThat(names(context)).containsExactly("provider_a", "provider_b"));

		nacos.publish(DATA_ID, GROUP, config(provider(this.a, 0), provider(this.b, 100)));
		awaitBoth((context) -> assertThat(registry(context).get("sms").provider(0).weight()).isZero());
		for (ConfigurableApplicationContext context : List.of(this.one, this.two)) {
			for (int i = 0; i < 5; i++) {
				context.getBean(SmsClient.class).send("hi");
			}
		}
		assertThat(this.a.requests()).isZero();
		assertThat(this.b.requests()).isEqualTo(10);

		nacos.publish(DATA_ID, GROUP, config(provider(this.b, 100)));
		awaitBoth((context) -> assertThat(names(context)).containsExactly("provider_b"));

		ServiceDefinition lastGoodOne = registry(this.one).get("sms");
		ServiceDefinition lastGoodTwo = registry(this.two).get("sms");
		nacos.publish(DATA_ID, GROUP, config(provider(this.b, -5)));
		awaitBoth((context) -> assertThat(context.getEnvironment().getProperty("third-party.sms.providers[0].weight"))
			.isEqualTo("-5"));
		assertThat(registry(this.one).get("sms")).isSameAs(lastGoodOne);
		assertThat(registry(this.two).get("sms")).isSameAs(lastGoodTwo);
		this.one.getBean(SmsClient.class).send("hi");
		this.two.getBean(SmsClient.class).send("hi");
		assertThat(this.b.requests()).isEqualTo(12);

		nacos.publish(DATA_ID, GROUP, config(provider(this.b, 100), provider(this.a, 100)));
		awaitBoth((context) -> assertThat(names(context)).containsExactly("provider_b", "provider_a"));
	}

	private void awaitBoth(java.util.function.Consumer<ConfigurableApplicationContext> check) {
		await().atMost(PUSH).untilAsserted(() -> {
			check.accept(this.one);
			check.accept(this.two);
		});
	}

	private static ServiceRegistry registry(ConfigurableApplicationContext context) {
		return context.getBean(ServiceRegistry.class);
	}

	private static List<String> names(ConfigurableApplicationContext context) {
		return registry(context).get("sms").providers().stream().map(Provider::name).toList();
	}

	private static String provider(FakeVendor vendor, int weight) {
		return "      - name: " + vendor.name() + "\n        url: " + vendor.url() + "\n        weight: " + weight
				+ "\n";
	}

	private static String config(String... providers) {
		return "third-party:\n  sms:\n    retry:\n      backoff: 10ms\n    providers:\n" + String.join("", providers);
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(NacosApp.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "spring.application.name=nacos-push-test",
					"spring.cloud.nacos.config.server-addr=" + nacos.serverAddr(),
					"spring.config.import=nacos:" + DATA_ID + "?group=" + GROUP + "&refreshEnabled=true")
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class NacosApp {

		@Bean
		SmsClient smsClient() {
			return new SmsClient();
		}

	}

}
