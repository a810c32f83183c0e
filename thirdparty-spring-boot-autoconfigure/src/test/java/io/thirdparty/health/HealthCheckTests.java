package io.thirdparty.health;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.thirdparty.provider.ProviderStateChangedEvent.Change;
import io.thirdparty.provider.ProviderStatus;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.ProviderEvents;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Active health checks against real HTTP vendors.
 */
class HealthCheckTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("provider_a");

	private final FakeVendor b = this.vendors.start("provider_b");

	private ApplicationContextRunner runner() {
		return PipelineRunner.sms(this.a, 50, this.b, 50)
			.withBean(ProviderEvents.class)
			.withPropertyValues("third-party.sms.health-check.path=/health",
					"third-party.sms.health-check.interval=50ms", "third-party.sms.health-check.timeout=1s",
					"third-party.sms.health-check.unhealthy-threshold=2",
					"third-party.sms.health-check.healthy-threshold=2");
	}

	@Test
	void vendorFailingItsHealthPathIsTakenOutThenRestoredWhenItRecovers() {
		runner().run((context) -> {
			ServiceRegistry services = context.getBean(ServiceRegistry.class);
			SmsClient sms = context.getBean(SmsClient.class);
			this.a.status(500);
			await().atMost(Duration.ofSeconds(10)).until(() -> status(services, 0) == ProviderStatus.EJECTED);
			assertThat(services.get("sms").state(0).ejectedReason()).contains("HTTP 500");
			for (int i = 0; i < 10; i++) {
				assertThat(sms.send("hello")).contains("provider_b");
			}
			this.a.ok();
			await().atMost(Duration.ofSeconds(10)).until(() -> status(services, 0) == ProviderStatus.UP);
			assertThat(context.getBean(ProviderEvents.class).changes()).containsExactly("provider_a EJECTED",
					"provider_a RESTORED");
		});
	}

	@Test
	void checksNeverTakeOutTheLastUsableProviderButReportItFailing() {
		runner().run((context) -> {
			ServiceRegistry services = context.getBean(ServiceRegistry.class);
			this.a.status(500);
			this.b.status(500);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> status(services, 0) == ProviderStatus.EJECTED
						|| status(services, 1) == ProviderStatus.EJECTED);
			int kept = (status(services, 0) == ProviderStatus.EJECTED) ? 1 : 0;
			await().atMost(Duration.ofSeconds(10))
				.until(() -> services.get("sms").state(kept).checksFailedInARow() >= 6);
			assertThat(status(services, kept)).isEqualTo(ProviderStatus.FAILING);
			assertThat(services.get("sms").reason(kept))
				.startsWith("kept in selection as the last usable provider although its health check failed")
				.endsWith("HTTP 500");
			assertThat(services.get("sms").available()).isEqualTo(1L << kept);
			assertThat(services.get("sms").healthy()).isZero();
			String ejected = services.get("sms").provider(1 - kept).name();
			String failing = services.get("sms").provider(kept).name();
			assertThat(context.getBean(ProviderEvents.class).changes()).containsExactly(ejected + " EJECTED",
					failing + " FAILING");
		});
	}

	@Test
	void checksUseExpectedStatus() {
		this.b.status(202);
		runner().withPropertyValues("third-party.sms.health-check.expected-status=202").run((context) -> {
			ServiceRegistry services = context.getBean(ServiceRegistry.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> status(services, 0) == ProviderStatus.EJECTED);
			assertThat(services.get("sms").state(1).lastCheck().passed()).isTrue();
			assertThat(services.get("sms").state(0).lastCheck().status()).isEqualTo(200);
		});
	}

	@Test
	void unreachableVendorIsTakenOut() {
		runner().run((context) -> {
			ServiceRegistry services = context.getBean(ServiceRegistry.class);
			this.a.down();
			await().atMost(Duration.ofSeconds(10)).until(() -> status(services, 0) == ProviderStatus.EJECTED);
			assertThat(context.getBean(ProviderEvents.class).saw("provider_a", Change.EJECTED)).isTrue();
			this.a.up();
			await().atMost(Duration.ofSeconds(10)).until(() -> status(services, 0) == ProviderStatus.UP);
		});
	}

	@Test
	void servicesWithoutAPathAreNotChecked() {
		PipelineRunner.sms(this.a, 50, this.b, 50).run((context) -> {
			context.getBean(SmsClient.class).send("hello");
			assertThat(context.getBean(ProviderHealthChecker.class).checkedServices()).isEmpty();
			assertThat(this.a.requests() + this.b.requests()).isEqualTo(1);
		});
	}

	private static ProviderStatus status(ServiceRegistry services, int index) {
		ServiceDefinition sms = services.get("sms");
		return sms.status(index);
	}

}
