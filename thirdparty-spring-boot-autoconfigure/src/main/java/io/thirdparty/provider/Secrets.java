package io.thirdparty.provider;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes what may be secret from text shown to operators: the user-info (credentials) and the
 * query string (often an API key) of every http or https URL in it.
 */
public final class Secrets {

	private static final Pattern URL = Pattern.compile("(https?://)([^/\\s@\"']+@)?([^\\s?#\"']*)(\\?[^\\s#\"']*)?");

	private static final int MAX_LENGTH = 300;

	private Secrets() {
	}

	/**
	 * Masks the user-info and the query string of every URL in a text, and shortens it to at
	 * most 300 characters.
	 * @param text the text, for example an error message or a provider's url
	 * @return the masked text, or {@code null} when {@code text} is {@code null}
	 */
	public static String mask(String text) {
		if (text == null) {
			return null;
		}
		Matcher matcher = URL.matcher(text);
		StringBuilder masked = new StringBuilder();
		while (matcher.find()) {
			String replacement = matcher.group(1) + ((matcher.group(2) != null) ? "******@" : "") + matcher.group(3)
					+ ((matcher.group(4) != null) ? "?******" : "");
			matcher.appendReplacement(masked, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(masked);
		return (masked.length() > MAX_LENGTH) ? masked.substring(0, MAX_LENGTH) + "..." : masked.toString();
	}

}
