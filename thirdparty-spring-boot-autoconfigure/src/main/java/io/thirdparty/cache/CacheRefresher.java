package io.thirdparty.cache;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Threads that reload cache entries in the background (refresh-ahead): a fixed, small
 * pool with a bounded queue. A reload that finds the queue full is skipped; its entry
 * then expires as usual. Each reload runs with the context (MDC, observation) of the call
 * that asked for it.
 */
public class CacheRefresher implements DisposableBean {

	private final ThreadPoolExecutor executor;

	private final TaskDecorator decorator;

	/**
	 * Creates the pool.
	 * @param threads most reloads run at once
	 * @param decorator carries the caller's context to the reload
	 */
	public CacheRefresher(int threads, TaskDecorator decorator) {
		this.decorator = decorator;
		CustomizableThreadFactory factory = new CustomizableThreadFactory("thirdparty-cache-refresh-");
		factory.setDaemon(true);
		this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000),
				factory);
		this.executor.allowCoreThreadTimeOut(true);
	}

	/**
	 * Runs a reload in the background.
	 * @param reload the reload
	 * @return {@code false} when it was not accepted (queue full or shut down)
	 */
	public boolean submit(Runnable reload) {
		try {
			this.executor.execute(this.decorator.decorate(reload));
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}
