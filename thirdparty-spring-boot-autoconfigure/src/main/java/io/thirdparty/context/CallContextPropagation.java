package io.thirdparty.context;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;

import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.core.task.support.ExecutorServiceAdapter;
import org.springframework.core.task.support.TaskExecutorAdapter;

/**
 * Builds the one {@link TaskDecorator} that every executor of the starter runs its work
 * through: Spring's {@link ContextPropagatingTaskDecorator} over Micrometer Context
 * Propagation. It captures, on the thread that hands the work over, every value the
 * application's {@link ContextRegistry} knows (the current {@code Observation} when
 * micrometer-observation is present, so vendor spans stay children of the caller's;
 * Spring Security's context; any accessor registered before the starter starts) and the
 * whole MDC, sets them on the thread that runs the work, clears what the caller did not
 * have, and restores that thread's own values afterwards.
 */
public final class CallContextPropagation {

	private CallContextPropagation() {
	}

	/**
	 * Creates the decorator over the accessors of the global {@link ContextRegistry}
	 * (those found through {@code ServiceLoader} and those registered so far) plus the
	 * MDC.
	 * @return the decorator
	 */
	public static TaskDecorator taskDecorator() {
		ContextRegistry global = ContextRegistry.getInstance();
		ContextRegistry registry = new ContextRegistry();
		global.getContextAccessors().forEach(registry::registerContextAccessor);
		global.getThreadLocalAccessors().forEach(registry::registerThreadLocalAccessor);
		registry.registerThreadLocalAccessor(new MdcThreadLocalAccessor());
		return new ContextPropagatingTaskDecorator(
				ContextSnapshotFactory.builder().contextRegistry(registry).clearMissing(true).build());
	}

	/**
	 * Returns an {@link ExecutorService} that runs every task, submitted or executed, on
	 * {@code executor} through {@code decorator}. Its lifecycle is {@code executor}'s:
	 * shutting the returned service down is not supported.
	 * @param executor where tasks run
	 * @param decorator carries the submitting thread's context
	 * @return the decorating service; a cancelled {@code Future} interrupts its task as
	 * usual
	 */
	public static ExecutorService decorate(Executor executor, TaskDecorator decorator) {
		TaskExecutorAdapter adapter = new TaskExecutorAdapter(executor);
		adapter.setTaskDecorator(decorator);
		return new ExecutorServiceAdapter(adapter);
	}

}
