package io.thirdparty.provider;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.thirdparty.ThirdPartyException;
import io.thirdparty.resilience.FailureClassifier;

/**
 * Removes what may be secret from text shown to operators or logged: the user-info
 * (credentials) and the query string (often an API key) of every http or https URL in it;
 * and from a failure, the body of a vendor's error answer and the path of a request,
 * either of which may hold a call's arguments (a phone number, an order). The one helper
 * for every provider URL and every failure the starter logs or shows.
 */
public final class Secrets {

	private static final Pattern URL = Pattern.compile("(https?://)([^/\\s@\"']+@)?([^\\s?#\"']*)(\\?[^\\s#\"']*)?");

	private static final int MAX_LENGTH = 300;

	private Secrets() {
	}

	/**
	 * Masks the user-info and the query string of every URL in a text, and shortens it to
	 * at most 300 characters.
	 * @param text the text, for example an error message or a provider's url
	 * @return the masked text, or {@code null} when {@code text} is {@code null}
	 */
	public static String mask(String text) {
		return mask(text, false);
	}

	private static String mask(String text, boolean paths) {
		if (text == null) {
			return null;
		}
		Matcher matcher = URL.matcher(text);
		StringBuilder masked = new StringBuilder();
		while (matcher.find()) {
			String hostAndPath = matcher.group(3);
			String query = (matcher.group(4) != null) ? "?******" : "";
			int slash = hostAndPath.indexOf('/');
			if (paths && slash >= 0 && (slash < hostAndPath.length() - 1 || !query.isEmpty())) {
				hostAndPath = hostAndPath.substring(0, slash) + "/******";
				query = "";
			}
			String replacement = matcher.group(1) + ((matcher.group(2) != null) ? "******@" : "") + hostAndPath + query;
			matcher.appendReplacement(masked, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(masked);
		return (masked.length() > MAX_LENGTH) ? masked.substring(0, MAX_LENGTH) + "..." : masked.toString();
	}

	/**
	 * Describes a failure as its class name and {@link #reason reason}, the form in which
	 * the starter logs a failed call at WARN and records a task's error.
	 * @param failure the failure
	 * @return the description
	 */
	public static String describe(Throwable failure) {
		String reason = reason(failure);
		return failure.getClass().getName() + ((reason != null) ? ": " + reason : "");
	}

	/**
	 * Says why a call failed, in words safe to log and to show: a vendor's error answer
	 * by its HTTP status only (never its body), a {@link ThirdPartyException} by each
	 * attempt so described, anything else by its message with the user-info, path and
	 * query string of every URL in it masked (a request's path and query may hold the
	 * call's arguments).
	 * @param failure the failure
	 * @return the reason, or {@code null} when the failure says nothing
	 */
	public static @Nullable String reason(Throwable failure) {
		if (failure instanceof ThirdPartyException exception && !exception.attempts().isEmpty()) {
			return "Third-party service '" + exception.service() + "' failed after " + exception.attempts().size()
					+ " attempt(s): "
					+ exception.attempts()
						.stream()
						.map((attempt) -> attempt.provider().name() + " -> " + brief(attempt.cause()))
						.collect(Collectors.joining("; "));
		}
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			int status = FailureClassifier.httpStatus(t);
			if (status > 0) {
				// the message of an HTTP error, and of whatever wraps one, holds the
				// vendor's body
				return "HTTP " + status + ((t != failure) ? " (" + t.getClass().getSimpleName() + ")" : "");
			}
		}
		return mask(failure.getMessage(), true);
	}

	private static String brief(Throwable failure) {
		String reason = reason(failure);
		return failure.getClass().getSimpleName() + ((reason != null) ? ": " + reason : "");
	}

}
