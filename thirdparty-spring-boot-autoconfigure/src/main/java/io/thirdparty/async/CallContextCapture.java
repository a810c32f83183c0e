package io.thirdparty.async;

import java.util.Map;
import java.util.function.UnaryOperator;

import org.slf4j.MDC;

/**
 * Carries the caller's context to the thread that runs an asynchronous call: the MDC always,
 * and the current Micrometer {@code Observation} when an {@link ObservationCapture} is given.
 * Captures on the caller's thread and restores what the running thread had afterwards.
 */
public class CallContextCapture implements UnaryOperator<Runnable> {

	private final UnaryOperator<Runnable> observations;

	/**
	 * Creates a capture of the MDC only.
	 */
	public CallContextCapture() {
		this(UnaryOperator.identity());
	}

	/**
	 * Creates a capture of the MDC and of what {@code observations} captures.
	 * @param observations wraps a task in the caller's current observation
	 */
	public CallContextCapture(UnaryOperator<Runnable> observations) {
		this.observations = observations;
	}

	@Override
	public Runnable apply(Runnable task) {
		Map<String, String> mdc = MDC.getCopyOfContextMap();
		Runnable observed = this.observations.apply(task);
		return () -> {
			Map<String, String> previous = MDC.getCopyOfContextMap();
			setMdc(mdc);
			try {
				observed.run();
			}
			finally {
				setMdc(previous);
			}
		};
	}

	private static void setMdc(Map<String, String> context) {
		if (context != null) {
			MDC.setContextMap(context);
		}
		else {
			MDC.clear();
		}
	}

}
