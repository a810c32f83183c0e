package io.thirdparty.test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.boot.test.system.CapturedOutput;

/**
 * Captured log output cut into events: a line that starts with a timestamp begins one,
 * and the lines after it (a stack trace) belong to it.
 */
public final class LogEvents {

	private static final Pattern START = Pattern.compile("^(\\d{2}:\\d{2}:\\d{2}\\.\\d{3} |\\d{4}-\\d{2}-\\d{2}T).*");

	private LogEvents() {
	}

	/**
	 * Returns the events logged at a level, each with its stack trace.
	 * @param level {@code WARN}, {@code ERROR}, ...
	 * @param output the captured output
	 * @return the events, in order
	 */
	public static List<String> at(String level, CapturedOutput output) {
		Pattern levelPattern = Pattern.compile("\\s" + level + "\\s");
		List<String> events = new ArrayList<>();
		StringBuilder event = null;
		for (String line : output.toString().lines().toList()) {
			if (START.matcher(line).matches()) {
				if (event != null) {
					events.add(event.toString());
				}
				event = levelPattern.matcher(line).find() ? new StringBuilder(line) : null;
			}
			else if (event != null) {
				event.append('\n').append(line);
			}
		}
		if (event != null) {
			events.add(event.toString());
		}
		return events;
	}

}
