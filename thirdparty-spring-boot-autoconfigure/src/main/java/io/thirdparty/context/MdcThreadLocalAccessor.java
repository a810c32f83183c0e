package io.thirdparty.context;

import java.util.Map;

import io.micrometer.context.ThreadLocalAccessor;
import org.slf4j.MDC;

/**
 * The whole SLF4J MDC as one Micrometer Context Propagation value, so that every entry
 * the caller had (a request id, the keys the starter sets during an attempt) is carried
 * to the thread that runs the work. Context Propagation's own SLF4J accessor carries only
 * keys named in advance, and the starter cannot know the application's.
 */
public class MdcThreadLocalAccessor implements ThreadLocalAccessor<Map<String, String>> {

	/** Key of this accessor in a {@code ContextRegistry}. */
	public static final String KEY = "thirdparty.mdc";

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public Map<String, String> getValue() {
		Map<String, String> mdc = MDC.getCopyOfContextMap();
		return (mdc != null && !mdc.isEmpty()) ? mdc : null;
	}

	@Override
	public void setValue(Map<String, String> value) {
		MDC.setContextMap(value);
	}

	@Override
	public void setValue() {
		MDC.clear();
	}

}
