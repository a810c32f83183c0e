package io.thirdparty.resilience;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each failure means for retry and for the breaker.
 */
class FailureClassifierTests {

	private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);

	private final FailureClassifier classifier = new FailureClassifier(this.clock);

	@Test
	void serverErrorsTimeoutsAndTooManyRequestsAreVendorFailures() {
		assertThat(classify(HttpServerErrorException.create(HttpStatus.BAD_GATEWAY, "", null, null, null)))
			.isEqualTo(FailureKind.VENDOR_FAILURE);
		assertThat(classify(HttpClientErrorException.create(HttpStatus.TOO_MANY_REQUESTS, "", null, null, null)))
			.isEqualTo(FailureKind.VENDOR_FAILURE);
		assertThat(classify(HttpClientErrorException.create(HttpStatus.REQUEST_TIMEOUT, "", null, null, null)))
			.isEqualTo(FailureKind.VENDOR_FAILURE);
		assertThat(classify(new TimeoutException())).isEqualTo(FailureKind.VENDOR_FAILURE);
		assertThat(classify(new ResourceAccessException("read", new IOException("reset"))))
			.isEqualTo(FailureKind.VENDOR_FAILURE);
	}

	@Test
	void otherClientErrorsAndInvalidArgumentsAreTheCallers() {
		assertThat(classify(HttpClientErrorException.create(HttpStatus.BAD_REQUEST, "", null, null, null)))
			.isEqualTo(FailureKind.CALLER_ERROR);
		assertThat(classify(HttpClientErrorException.create(HttpStatus.NOT_FOUND, "", null, null, null)))
			.isEqualTo(FailureKind.CALLER_ERROR);
		assertThat(classify(new IllegalArgumentException("bad phone"))).isEqualTo(FailureKind.CALLER_ERROR);
	}

	@Test
	void ignoredExceptionsAreTheCallers() {
		assertThat(this.classifier.classify(new IllegalStateException(), List.of(IllegalStateException.class)))
			.isEqualTo(FailureKind.CALLER_ERROR);
	}

	@Test
	void connectFailuresWereNotDelivered() {
		assertThat(classify(new ResourceAccessException("I/O error", new ConnectException("refused"))))
			.isEqualTo(FailureKind.NOT_DELIVERED);
	}

	@Test
	void localProtectionIsARejection() {
		assertThat(classify(CallNotPermittedException.createCallNotPermittedException(CircuitBreaker.ofDefaults("x"))))
			.isEqualTo(FailureKind.REJECTED);
	}

	@Test
	void retryAfterInSecondsAndAsAnHttpDate() {
		assertThat(this.classifier.retryAfter(tooManyRequests("7"))).isEqualTo(Duration.ofSeconds(7));
		assertThat(this.classifier.retryAfter(tooManyRequests("Sat, 28 Nov 2026 10:00:30 GMT")))
			.isEqualTo(Duration.ofSeconds(30));
		assertThat(this.classifier.retryAfter(tooManyRequests("soon"))).isNull();
		assertThat(this.classifier.retryAfter(new TimeoutException())).isNull();
	}

	private FailureKind classify(Throwable failure) {
		return this.classifier.classify(failure, List.of());
	}

	private static HttpClientErrorException tooManyRequests(String retryAfter) {
		HttpHeaders headers = new HttpHeaders();
		headers.add("Retry-After", retryAfter);
		return HttpClientErrorException.create(HttpStatus.TOO_MANY_REQUESTS, "slow down", headers, new byte[0],
				StandardCharsets.UTF_8);
	}

}
