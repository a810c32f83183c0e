package io.thirdparty.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.thirdparty.ThirdPartyException;
import io.thirdparty.async.TaskSubmissionException;
import io.thirdparty.web.Problems;

/**
 * Answers the sample's expected failures the way the starter answers its own: an RFC 9457
 * problem ({@code application/problem+json}) with status {@code 503}, and one WARN line
 * in the log instead of a stack trace. A {@link ThirdPartyException} (no vendor could
 * answer and there was no fallback, e.g. {@code GET /prices/{sku}} for a product never
 * cached while the vendor is down) is {@code urn:thirdparty:problem:service-unavailable};
 * a {@link TaskSubmissionException} (the task store, Redis when there is one, did not
 * answer {@code POST /notifications}) is
 * {@code urn:thirdparty:problem:task-store-unavailable}.
 */
@RestControllerAdvice
class ThirdPartyFailureAdvice {

	private static final Log logger = LogFactory.getLog(ThirdPartyFailureAdvice.class);

	@ExceptionHandler(ThirdPartyException.class)
	ProblemDetail serviceUnavailable(ThirdPartyException failure) {
		// the message names the service and each attempt's provider and cause: enough to
		// act on
		logger.warn(failure.getMessage());
		return Problems.serviceUnavailable(failure);
	}

	@ExceptionHandler(TaskSubmissionException.class)
	ProblemDetail taskStoreUnavailable(TaskSubmissionException failure) {
		logger.warn(failure.getMessage());
		return Problems.taskStoreUnavailable(failure);
	}

}
