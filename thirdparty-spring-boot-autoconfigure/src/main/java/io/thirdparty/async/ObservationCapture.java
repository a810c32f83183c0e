package io.thirdparty.async;

import java.util.function.UnaryOperator;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Wraps a task so that it runs in the observation current on the submitting thread, making
 * spans and observations of the asynchronous call children of the caller's. Used only when
 * micrometer-observation is on the classpath.
 */
public class ObservationCapture implements UnaryOperator<Runnable> {

	private final ObservationRegistry registry;

	/**
	 * Creates the capture.
	 * @param registry the application's observation registry
	 */
	public ObservationCapture(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Runnable apply(Runnable task) {
		Observation current = this.registry.getCurrentObservation();
		if (current == null) {
			return task;
		}
		return () -> {
			try (Observation.Scope scope = current.openScope()) {
				task.run();
			}
		};
	}

}
