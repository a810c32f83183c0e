package io.thirdparty.resilience;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;

import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import io.thirdparty.VendorException;

/**
 * Decides what a failed attempt means: a vendor failure to retry, a request that never
 * left, a local rejection, or the caller's own error. Also reads a vendor's
 * {@code Retry-After}.
 * <p>
 * HTTP errors are recognised in Spring's {@code RestClientResponseException} and
 * {@code WebClientResponseException} families: 5xx, 408 and 429 are vendor failures, any
 * other 4xx is the caller's. Replace the bean to teach it other clients' exceptions.
 */
public class FailureClassifier {

	private static final boolean WEB_PRESENT = ClassUtils.isPresent(
			"org.springframework.web.client.RestClientResponseException", FailureClassifier.class.getClassLoader());

	private static final boolean WEBFLUX_PRESENT = ClassUtils.isPresent(
			"org.springframework.web.reactive.function.client.WebClientResponseException",
			FailureClassifier.class.getClassLoader());

	private final Clock clock;

	/**
	 * Creates a classifier reading HTTP dates against the given clock.
	 * @param clock the clock
	 */
	public FailureClassifier(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Classifies a failure.
	 * @param failure what the attempt threw
	 * @param ignored exception types the service lists in {@code retry.ignore-exceptions}
	 * @return the kind of failure
	 */
	public FailureKind classify(Throwable failure, List<Class<? extends Throwable>> ignored) {
		for (Class<? extends Throwable> type : ignored) {
			if (type.isInstance(failure)) {
				return FailureKind.CALLER_ERROR;
			}
		}
		if (failure instanceof VendorException vendor) {
			return switch (vendor.kind()) {
				case BUSINESS_ERROR -> FailureKind.CALLER_ERROR;
				case RETRY_ELSEWHERE -> FailureKind.VENDOR_FAILURE;
				case NOT_DELIVERED -> FailureKind.NOT_DELIVERED;
			};
		}
		if (failure instanceof CallNotPermittedException || failure instanceof RequestNotPermitted
				|| failure instanceof BulkheadFullException || failure instanceof RejectedExecutionException
				|| failure instanceof ProviderUnavailableException) {
			return FailureKind.REJECTED;
		}
		int status = httpStatus(failure);
		if (status > 0) {
			return (status >= 400 && status < 500 && status != 408 && status != 429) ? FailureKind.CALLER_ERROR
					: FailureKind.VENDOR_FAILURE;
		}
		if (isNotDelivered(failure)) {
			return FailureKind.NOT_DELIVERED;
		}
		if (failure instanceof Error || failure instanceof IllegalArgumentException) {
			return FailureKind.CALLER_ERROR;
		}
		return FailureKind.VENDOR_FAILURE;
	}

	/**
	 * Returns how long the vendor asked to wait before calling again, from a 429 or 503
	 * answer's {@code Retry-After} (seconds or an HTTP date).
	 * @param failure what the attempt threw
	 * @return the wait, or {@code null} when the vendor asked for none
	 */
	public Duration retryAfter(Throwable failure) {
		String value = retryAfterHeader(failure);
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
		}
		catch (NumberFormatException notSeconds) {
			try {
				ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
				Duration wait = Duration.between(this.clock.instant(), at.toInstant());
				return wait.isNegative() ? Duration.ZERO : wait;
			}
			catch (DateTimeParseException notDate) {
				return null;
			}
		}
	}

	private static boolean isNotDelivered(Throwable failure) {
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof ConnectException || t instanceof NoRouteToHostException
					|| t instanceof UnknownHostException || t instanceof HttpConnectTimeoutException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Returns the HTTP status of a vendor's error answer, as Spring's HTTP clients report
	 * it.
	 * @param failure what an attempt threw
	 * @return the status, or 0 when the failure is no HTTP error answer
	 */
	public static int httpStatus(Throwable failure) {
		int status = WEB_PRESENT ? RestClientErrors.status(failure) : 0;
		return (status == 0 && WEBFLUX_PRESENT) ? WebClientErrors.status(failure) : status;
	}

	private static String retryAfterHeader(Throwable failure) {
		String value = WEB_PRESENT ? RestClientErrors.retryAfter(failure) : null;
		return (value == null && WEBFLUX_PRESENT) ? WebClientErrors.retryAfter(failure) : value;
	}

	/** Kept apart so that the classifier loads without spring-web. */
	private static final class RestClientErrors {

		static int status(Throwable failure) {
			return (failure instanceof RestClientResponseException response) ? response.getStatusCode().value() : 0;
		}

		static String retryAfter(Throwable failure) {
			return (failure instanceof RestClientResponseException response && response.getResponseHeaders() != null)
					? response.getResponseHeaders().getFirst("Retry-After") : null;
		}

	}

	/** Kept apart so that the classifier loads without spring-webflux. */
	private static final class WebClientErrors {

		static int status(Throwable failure) {
			return (failure instanceof WebClientResponseException response) ? response.getStatusCode().value() : 0;
		}

		static String retryAfter(Throwable failure) {
			return (failure instanceof WebClientResponseException response)
					? response.getHeaders().getFirst("Retry-After") : null;
		}

	}

}
