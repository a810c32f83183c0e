package io.thirdparty.async;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The bounded executor of asynchronous {@code @ThirdPartyCall}s: a thread pool with a
 * bounded queue, or one virtual thread per call with a concurrency limit when virtual
 * threads are asked for and the JDK has them. A call that finds it full is refused with a
 * {@link RejectedExecutionException}, never queued without bound. Each call runs with the
 * caller's context (MDC, current observation) as captured when it was submitted.
 * <p>
 * Stops in phase {@link #PHASE}, after the web server has finished its graceful shutdown
 * (so requests still in flight can wait for their futures), waiting up to the shutdown
 * timeout for running calls before interrupting them.
 */
public class AsyncCallExecutor implements Executor, SmartLifecycle {

	/**
	 * Lifecycle phase of the asynchronous machinery: stopped after the web server
	 * ({@code DEFAULT_PHASE - 2048}) and before the Redis connection factory (phase 0).
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(AsyncCallExecutor.class);

	private final ThreadPoolExecutor pool;

	private final SimpleAsyncTaskExecutor virtual;

	private final TaskDecorator contextCapture;

	private final Duration shutdownTimeout;

	private final int maxSize;

	private final int queueCapacity;

	private volatile boolean running;

	/**
	 * Creates the executor.
	 * @param settings the executor settings
	 * @param shutdownTimeout how long stopping waits for running calls
	 * @param contextCapture captures the caller's context around a task, on the caller's
	 * thread (the starter's context-propagating decorator)
	 */
	public AsyncCallExecutor(ThirdPartyAsyncProperties.Executor settings, Duration shutdownTimeout,
			TaskDecorator contextCapture) {
		this.contextCapture = contextCapture;
		this.shutdownTimeout = shutdownTimeout;
		this.maxSize = settings.getMaxSize();
		this.queueCapacity = settings.getQueueCapacity();
		if (settings.isVirtualThreads() && Runtime.version().feature() >= 21) {
			this.virtual = new SimpleAsyncTaskExecutor(settings.getThreadNamePrefix());
			this.virtual.setVirtualThreads(true);
			this.virtual.setConcurrencyLimit(settings.getMaxSize());
			this.virtual.setRejectTasksWhenLimitReached(true);
			this.virtual.setTaskTerminationTimeout(shutdownTimeout.toMillis());
			this.pool = null;
		}
		else {
			if (settings.isVirtualThreads()) {
				logger.info("third-party.async.executor.virtual-threads is set but Java " + Runtime.version().feature()
						+ " has no virtual threads (Java 21 and later do): using a pool of platform threads");
			}
			BlockingQueue<Runnable> queue = (settings.getQueueCapacity() > 0)
					? new ArrayBlockingQueue<>(settings.getQueueCapacity()) : new SynchronousQueue<>();
			CustomizableThreadFactory threads = new CustomizableThreadFactory(settings.getThreadNamePrefix());
			threads.setDaemon(true);
			this.pool = new ThreadPoolExecutor(settings.getCoreSize(), settings.getMaxSize(),
					settings.getKeepAlive().toMillis(), TimeUnit.MILLISECONDS, queue, threads,
					new ThreadPoolExecutor.AbortPolicy());
			this.virtual = null;
		}
		this.running = true;
	}

	/**
	 * Runs a task with the caller's context.
	 * @param task the task
	 * @throws RejectedExecutionException when the executor is full or stopped
	 */
	@Override
	public void execute(Runnable task) {
		Runnable withContext = this.contextCapture.decorate(task);
		if (this.pool != null) {
			this.pool.execute(withContext);
		}
		else {
			this.virtual.execute(withContext);
		}
	}

	/**
	 * Returns whether calls run on virtual threads.
	 * @return {@code true} for virtual threads
	 */
	public boolean usesVirtualThreads() {
		return this.virtual != null;
	}

	/**
	 * Describes how full the executor is, for a rejection message.
	 * @return a short description
	 */
	public String describeCapacity() {
		if (this.pool != null) {
			return this.pool.getActiveCount() + " of " + this.maxSize + " threads busy, " + this.pool.getQueue().size()
					+ " of " + this.queueCapacity + " queue places taken";
		}
		return this.maxSize + " virtual threads busy";
	}

	@Override
	public void start() {
		// running from construction: calls may be made while the context is still
		// starting
	}

	@Override
	public void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		if (this.virtual != null) {
			this.virtual.close();
			return;
		}
		this.pool.shutdown();
		try {
			if (!this.pool.awaitTermination(this.shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("Asynchronous third-party calls still running after " + this.shutdownTimeout
						+ "; interrupting " + this.pool.getActiveCount() + " of them");
				this.pool.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			this.pool.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
