package io.thirdparty.callback;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the raw body of each request whose path may lead to a {@code @ThirdPartyCallback}
 * endpoint, up to {@code third-party.callbacks.max-body-size}, before any other filter
 * can consume it, and passes the request on as a {@link CallbackRequest} that serves the
 * body again. Runs early ({@link #ORDER}); other requests pass untouched. It runs once
 * per request: an async or error dispatch of the same request keeps the wrapper of the
 * first dispatch and is not read again (its body was consumed then).
 */
public class CallbackBodyFilter extends OncePerRequestFilter implements Ordered {

	/**
	 * Order of the filter: after character encoding and observation, before everything
	 * else.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

	private final CallbackEndpoints endpoints;

	private final CallbackSettings settings;

	/**
	 * Creates the filter.
	 * @param endpoints the callback endpoints
	 * @param settings the callback settings, read on each request
	 */
	public CallbackBodyFilter(CallbackEndpoints endpoints, CallbackSettings settings) {
		this.endpoints = endpoints;
		this.settings = settings;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.endpoints.mayBeCallback(request)) {
			chain.doFilter(
					CallbackRequest.read(request, this.settings.current().properties().getMaxBodySize().toBytes()),
					response);
		}
		else {
			chain.doFilter(request, response);
		}
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return true;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return true;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
