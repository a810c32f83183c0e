package io.thirdparty.actuate;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpServerErrorException;

import io.thirdparty.Provider;
import io.thirdparty.actuate.ProviderEventLog.RecentEvent;
import io.thirdparty.provider.ProviderFailoverEvent;
import io.thirdparty.provider.ProviderStateChangedEvent;
import io.thirdparty.provider.ProviderStateChangedEvent.Change;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recent provider events the {@code thirdparty} endpoint shows.
 */
class ProviderEventLogTests {

	private final ProviderEventLog log = new ProviderEventLog();

	private final Provider a = provider("sms", "provider_a");

	private final Provider b = provider("sms", "provider_b");

	@Test
	void keepsEachServiceItsEventsNewestFirst() {
		changed(this.a, Change.EJECTED, "circuit breaker CLOSED -> OPEN");
		failover(this.a, this.b);
		changed(provider("price", "vendor"), Change.DISABLED, "by operator");
		List<RecentEvent> sms = this.log.recent("sms");
		assertThat(sms).extracting(RecentEvent::kind).containsExactly("FAILOVER", "EJECTED");
		assertThat(sms.get(0).provider()).isEqualTo("provider_b");
		assertThat(sms.get(0).from()).isEqualTo("provider_a");
		assertThat(sms.get(1).reason()).isEqualTo("circuit breaker CLOSED -> OPEN");
		assertThat(sms.get(0).sequence()).isGreaterThan(sms.get(1).sequence());
		assertThat(this.log.recent("price")).singleElement()
			.satisfies((event) -> assertThat(event.kind()).isEqualTo("DISABLED"));
		assertThat(this.log.recent("nope")).isEmpty();
	}

	@Test
	void countsRepeatsIntoTheNewestEventSoThatAStormKeepsTheStateChanges() {
		changed(this.a, Change.EJECTED, "3 failures in a row");
		for (int i = 0; i < 100; i++) {
			failover(this.a, this.b);
		}
		List<RecentEvent> events = this.log.recent("sms");
		assertThat(events).extracting(RecentEvent::kind).containsExactly("FAILOVER", "EJECTED");
		assertThat(events.get(0).count()).isEqualTo(100);
		assertThat(events.get(0).lastAt()).isAfterOrEqualTo(events.get(0).firstAt());
		failover(this.b, this.a);
		assertThat(this.log.recent("sms")).extracting(RecentEvent::from)
			.containsExactly("provider_b", "provider_a", null);
	}

	@Test
	void keepsAtMostCapacityEventsPerService() {
		for (int i = 0; i < ProviderEventLog.CAPACITY + 5; i++) {
			changed(this.a, (i % 2 == 0) ? Change.DISABLED : Change.ENABLED, "by operator");
		}
		List<RecentEvent> events = this.log.recent("sms");
		assertThat(events).hasSize(ProviderEventLog.CAPACITY);
		assertThat(events.get(0).kind()).isEqualTo("DISABLED");
	}

	@Test
	void aFailoverSaysWhyWithSecretsMaskedOnOneLine() {
		this.log
			.onApplicationEvent(
					new ProviderFailoverEvent(this, this.a, this.b,
							HttpServerErrorException.create(HttpStatus.BAD_GATEWAY,
									"Bad Gateway from https://u:p@api.smsa.com/send?key=k\nmore", null, null, null),
							2));
		String reason = this.log.recent("sms").get(0).reason();
		assertThat(reason).startsWith("BadGateway: ")
			.contains("https://******@api.smsa.com/send?******")
			.doesNotContain("u:p", "key=k", "\n", "more");
	}

	@Test
	void forgetsServicesNoLongerConfigured() {
		changed(this.a, Change.DISABLED, "by operator");
		this.log.accept(List.of());
		assertThat(this.log.recent("sms")).isEmpty();
	}

	private void changed(Provider provider, Change change, String reason) {
		this.log.onApplicationEvent(new ProviderStateChangedEvent(this, provider, change, reason));
	}

	private void failover(Provider from, Provider to) {
		this.log.onApplicationEvent(new ProviderFailoverEvent(this, from, to, new IllegalStateException("down"), 2));
	}

	private static Provider provider(String service, String name) {
		return new Provider(service, name, "http://127.0.0.1:1", 100, 0, Map.of());
	}

}
