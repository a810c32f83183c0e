package io.thirdparty.callback;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.WebUtils;

import io.thirdparty.ThirdPartyCallback;
import io.thirdparty.callback.CallbackEndpoints.CallbackSpec;
import io.thirdparty.callback.CallbackVerifier.Verdict;
import io.thirdparty.web.Problems;

/**
 * Verifies each request to a {@code @ThirdPartyCallback} handler method before the method
 * runs, and before anything reads its body: an accepted request goes on with the verified
 * provider in {@link ThirdPartyCallback#PROVIDER_ATTRIBUTE}; a refused one is answered
 * here with its status and an RFC 9457 problem ({@code application/problem+json}, see
 * {@link Problems}) whose {@code error} and {@code reason} are the refusal's, and the
 * handler is never called. Every outcome is counted; refusals are logged at debug level,
 * without any header value.
 * <p>
 * A request is verified once: a handler that answers asynchronously ({@code Callable},
 * {@code DeferredResult}, {@code CompletableFuture}, {@code WebAsyncTask}) has its answer
 * written by an async dispatch that passes this interceptor again, and that dispatch goes
 * on unverified, marked by {@link #VERIFIED_ATTRIBUTE} (checking it again would count its
 * nonce as replayed and refuse the answer of a handler that has already run).
 */
public class CallbackInterceptor implements HandlerInterceptor {

	private static final Log logger = LogFactory.getLog(CallbackInterceptor.class);

	/**
	 * Request attribute holding the service a request was verified for; a later dispatch
	 * of the same request to that service's callback endpoints is not verified again.
	 */
	public static final String VERIFIED_ATTRIBUTE = CallbackInterceptor.class.getName() + ".verified";

	private static final String UNKNOWN = "unknown";

	private final CallbackEndpoints endpoints;

	private final CallbackVerifier verifier;

	private final CallbackMetrics metrics;

	/**
	 * Creates the interceptor.
	 * @param endpoints the callback endpoints
	 * @param verifier decides on each callback
	 * @param metrics records each outcome
	 */
	public CallbackInterceptor(CallbackEndpoints endpoints, CallbackVerifier verifier, CallbackMetrics metrics) {
		this.endpoints = endpoints;
		this.verifier = verifier;
		this.metrics = metrics;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws IOException {
		if (!(handler instanceof HandlerMethod method)) {
			return true;
		}
		CallbackSpec spec = this.endpoints.spec(method);
		if (spec == null || spec.service().equals(request.getAttribute(VERIFIED_ATTRIBUTE))) {
			return true;
		}
		CallbackRequest raw = WebUtils.getNativeRequest(request, CallbackRequest.class);
		if (raw == null) {
			// the path did not look like a callback's when the body filter saw it: fail
			// closed
			logger.error("Refusing a callback to " + method.getShortLogMessage()
					+ ": its body was not read up front by CallbackBodyFilter; is the filter registered?");
			refuse(request, response, CallbackRefusal.NOT_CONFIGURED, 0);
			this.metrics.record(spec.service(), UNKNOWN, CallbackRefusal.NOT_CONFIGURED.error());
			return false;
		}
		Verdict verdict = this.verifier.verify(spec.service(), providerVariable(request, spec), request, raw);
		String provider = (verdict.providerTag() != null) ? verdict.providerTag() : UNKNOWN;
		if (verdict.accepted()) {
			request.setAttribute(ThirdPartyCallback.PROVIDER_ATTRIBUTE, verdict.provider());
			request.setAttribute(VERIFIED_ATTRIBUTE, spec.service());
			this.metrics.record(spec.service(), provider, "accepted");
			return true;
		}
		CallbackRefusal refusal = verdict.refusal();
		if (logger.isDebugEnabled()) {
			logger.debug("Refused callback to " + method.getShortLogMessage() + " for service '" + spec.service()
					+ "', provider '" + provider + "': " + refusal.error());
		}
		this.metrics.record(spec.service(), provider, refusal.error());
		refuse(request, response, refusal, (refusal.status() == 429) ? this.verifier.retryAfterSeconds(refusal) : 0);
		return false;
	}

	private static String providerVariable(HttpServletRequest request, CallbackSpec spec) {
		Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		if (variables instanceof Map<?, ?> map && map.get(spec.providerVariable()) instanceof String name) {
			return name;
		}
		return null;
	}

	private static void refuse(HttpServletRequest request, HttpServletResponse response, CallbackRefusal refusal,
			long retryAfterSeconds) throws IOException {
		byte[] body = Problems.toJson(Problems.withInstance(refusal.problem(), request.getRequestURI()))
			.getBytes(StandardCharsets.UTF_8);
		response.setStatus(refusal.status());
		response.setContentType(Problems.MEDIA_TYPE.toString());
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		if (retryAfterSeconds > 0) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		}
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

}
