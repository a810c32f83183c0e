package io.thirdparty.async;

import java.lang.reflect.UndeclaredThrowableException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.thirdparty.provider.Secrets;
import io.thirdparty.resilience.FailureClassifier;

/**
 * Runs queued calls and tasks: a reader thread takes messages from the
 * {@link TaskBackend} (new ones, and ones another instance abandoned) only while a worker
 * slot is free, so this instance never holds more than {@code workers.concurrency} of
 * them; each runs on a worker thread through the bean's proxy, so the whole
 * {@code @ThirdPartyCall} pipeline applies.
 * <p>
 * A success is recorded and acknowledged together. A failure is retried on this instance
 * after a backoff while the message stays claimed by it; after {@code max-deliveries}
 * runs, or at once when the {@link RerunPolicy} refuses another run (the caller's error,
 * a message that no longer resolves, a request that may have reached the vendor for work
 * that is not idempotent), the message goes to the dead letters and the task is marked
 * failed with the reason. Work that is not idempotent is not run again by a redelivery
 * either when an earlier run began and never reported its outcome. A message whose work
 * already finished (a redelivery after a crash between finishing and acknowledging) is
 * acknowledged without running again.
 * <p>
 * On a queue shared with other processes ({@link TaskBackend#shared()}), a message whose
 * task type, or queued call's bean or method, this application does not declare (another
 * version during a rolling deploy) is neither run, counted as a delivery, failed nor
 * dead-lettered: it is handed back at once for a worker that declares it to claim, and
 * this worker does not claim it again until {@code unknown-type-timeout} after its
 * submission; a message still there then is moved to the dead letters as run by no
 * instance. On a queue of this process only it is dead-lettered at once, since no other
 * worker could take it.
 * <p>
 * Stops in phase {@link #PHASE}: after the web server and before the asynchronous
 * executor and Redis. It stops taking messages, lets running ones finish for up to the
 * shutdown timeout, interrupts the rest, and hands back whatever it still holds (running
 * or waiting to retry) so that another instance takes it at once.
 */
public class TaskWorker implements SmartLifecycle {

	/** Lifecycle phase: stopped just before the {@link AsyncCallExecutor}. */
	public static final int PHASE = AsyncCallExecutor.PHASE + 1;

	private static final Log logger = LogFactory.getLog(TaskWorker.class);

	private static final Duration OUTAGE_RETRY = Duration.ofSeconds(1);

	private final TaskBackend backend;

	private final TaskTargets targets;

	private final TaskCodec codec;

	private final RunningTasks runningTasks;

	private final RerunPolicy rerun;

	private final ThirdPartyAsyncProperties properties;

	private final Clock clock;

	private final Map<String, TaskDelivery> held = new ConcurrentHashMap<>();

	/**
	 * Deliveries this worker cannot run and handed back, by id: when it may claim them
	 * again to give them up.
	 */
	private final Map<String, Long> leftForOthers = new ConcurrentHashMap<>();

	/**
	 * Kinds and names of work already logged as left for others, so that each is logged
	 * once.
	 */
	private final Set<String> unknownLogged = ConcurrentHashMap.newKeySet();

	private final Semaphore slots;

	private final AtomicBoolean outage = new AtomicBoolean();

	private final Object lifecycle = new Object();

	private volatile boolean running;

	private CountDownLatch stopping;

	private ExecutorService workers;

	private ScheduledExecutorService timer;

	private Thread reader;

	/**
	 * Creates the worker.
	 * @param backend where messages come from
	 * @param targets what messages run
	 * @param codec reads arguments and writes results
	 * @param runningTasks marks worker threads with their task
	 * @param classifier what each failure means, as the pipeline decides it
	 * @param properties the asynchronous settings
	 * @param clock the clock
	 */
	public TaskWorker(TaskBackend backend, TaskTargets targets, TaskCodec codec, RunningTasks runningTasks,
			FailureClassifier classifier, ThirdPartyAsyncProperties properties, Clock clock) {
		this.backend = backend;
		this.targets = targets;
		this.codec = codec;
		this.runningTasks = runningTasks;
		this.rerun = new RerunPolicy(classifier);
		this.properties = properties;
		this.clock = clock;
		this.slots = new Semaphore(properties.getWorkers().getConcurrency());
	}

	@Override
	public void start() {
		synchronized (this.lifecycle) {
			if (this.running) {
				return;
			}
			String prefix = this.properties.getWorkers().getThreadNamePrefix();
			int concurrency = this.properties.getWorkers().getConcurrency();
			this.workers = new ThreadPoolExecutor(concurrency, concurrency, 0, TimeUnit.MILLISECONDS,
					new LinkedBlockingQueue<>(), daemonThreads(prefix));
			this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads(prefix + "timer-"));
			long keepAlive = Math.max(10, this.properties.getClaimTimeout().toMillis() / 3);
			this.timer.scheduleWithFixedDelay(this::keepAlive, keepAlive, keepAlive, TimeUnit.MILLISECONDS);
			this.stopping = new CountDownLatch(1);
			this.running = true;
			this.reader = daemonThreads(prefix + "reader-").newThread(this::read);
			this.reader.start();
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycle) {
			if (!this.running) {
				return;
			}
			this.running = false;
			this.stopping.countDown();
			try {
				this.reader.join(this.properties.getPollTimeout().toMillis() + OUTAGE_RETRY.toMillis());
				this.workers.shutdown();
				if (!this.workers.awaitTermination(this.properties.getShutdownTimeout().toMillis(),
						TimeUnit.MILLISECONDS)) {
					logger.warn("Third-party tasks still running after " + this.properties.getShutdownTimeout()
							+ ": interrupting them and handing them back to the queue");
					this.workers.shutdownNow();
					this.workers.awaitTermination(OUTAGE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
				}
			}
			catch (InterruptedException ex) {
				this.workers.shutdownNow();
				Thread.currentThread().interrupt();
			}
			this.timer.shutdownNow();
			handBackHeld();
			try {
				this.backend.closeConsumer();
			}
			catch (RuntimeException ex) {
				logger.warn("Could not release the task queue consumer", ex);
			}
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

	/**
	 * Returns how many messages this worker holds (running or waiting to retry).
	 * @return the count
	 */
	public int held() {
		return this.held.size();
	}

	private void read() {
		long claimInterval = Math.max(50, this.properties.getClaimTimeout().toMillis() / 4);
		long nextClaim = 0;
		boolean open = false;
		while (this.running) {
			int taken = 0;
			try {
				if (!this.slots.tryAcquire(this.properties.getPollTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
					continue;
				}
				taken = 1 + this.slots.drainPermits();
				if (!open) {
					this.backend.openConsumer();
					open = true;
				}
				List<TaskDelivery> batch = new ArrayList<>(taken);
				if (this.clock.millis() >= nextClaim) {
					batch.addAll(this.backend.claimAbandoned(taken, notToClaim()));
					nextClaim = this.clock.millis() + claimInterval;
				}
				if (batch.isEmpty()) {
					batch.addAll(this.backend.poll(taken, this.properties.getPollTimeout()));
				}
				recovered();
				this.slots.release(taken - batch.size());
				taken = 0;
				batch.forEach(this::dispatch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				this.slots.release(taken);
				failed("The task queue is not answering", ex);
				try {
					this.stopping.await(OUTAGE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	private void dispatch(TaskDelivery delivery) {
		this.held.put(delivery.id(), delivery);
		try {
			this.workers.execute(() -> run(delivery));
		}
		catch (RejectedExecutionException stopping) {
			// the worker is stopping: the delivery stays held and is handed back
			logger.debug("Not running task " + delivery.message().taskId() + ": stopping", stopping);
		}
	}

	private void run(TaskDelivery delivery) {
		boolean release = true;
		TaskMessage message = delivery.message();
		try {
			TaskTargets.Invocable target = null;
			UnrunnableTaskException undeclared = null;
			try {
				target = this.targets.resolve(message);
			}
			catch (UnrunnableTaskException ex) {
				if (this.backend.shared()) {
					leaveForAnother(delivery, ex);
					return;
				}
				undeclared = ex;
			}
			TaskBackend.Start start = this.backend.begin(delivery);
			if (start.finished()) {
				logger.debug("Task " + message.taskId() + " already " + start.status() + ": acknowledging redelivery");
				this.backend.acknowledge(delivery);
				return;
			}
			int maxDeliveries = this.properties.getMaxDeliveries();
			if (start.attempts() > maxDeliveries) {
				String error = "Gave up after " + maxDeliveries + " deliveries; last error: " + start.lastError();
				logger.warn("Third-party task " + describe(message) + ": " + error);
				this.backend.deadLetter(delivery, error, maxDeliveries);
				return;
			}
			if (undeclared != null) {
				release = !failed(delivery, start.attempts(), false, undeclared);
				return;
			}
			String refusal = this.rerun.refusalBefore(start, target.idempotent());
			if (refusal != null) {
				String error = "Not run: " + refusal + "; last error: " + start.lastError();
				logger.warn("Third-party task " + describe(message) + ": " + error);
				this.backend.deadLetter(delivery, error, start.attempts() - 1);
				return;
			}
			String result;
			try {
				result = this.codec.writeResult(invoke(target, message));
			}
			catch (Throwable failure) {
				release = !failed(delivery, start.attempts(), target.idempotent(), unwrap(failure));
				return;
			}
			this.backend.succeed(delivery, result);
			recovered();
		}
		catch (RuntimeException ex) {
			failed("Could not record the outcome of third-party task " + message.taskId()
					+ "; it will be claimed again after " + this.properties.getClaimTimeout(), ex);
		}
		finally {
			if (release && this.held.remove(delivery.id()) != null) {
				this.slots.release();
			}
		}
	}

	/**
	 * Hands a message this application does not declare back to the queue for a worker
	 * that does, and leaves it alone until the unknown-type timeout after its submission;
	 * gives it up once that has passed.
	 */
	private void leaveForAnother(TaskDelivery delivery, UnrunnableTaskException reason) {
		TaskMessage message = delivery.message();
		Duration timeout = this.properties.getUnknownTypeTimeout();
		long now = this.clock.millis();
		long deadline = ((message.enqueuedAt() > 0) ? message.enqueuedAt() : now) + timeout.toMillis();
		if (now >= deadline) {
			String error = "Not run: no instance that declares it took it within " + timeout + " of its submission "
					+ "(here: " + reason.getMessage() + ")";
			logger.warn("Third-party task " + describe(message) + ": " + error + ": moving it to the dead letters");
			int attempts = this.backend.find(message.taskId()).map(TaskRecord::attempts).orElse(0);
			this.backend.deadLetter(delivery, error, attempts);
			return;
		}
		this.leftForOthers.put(delivery.id(), deadline);
		// no longer held before it is handed back, so that keeping held messages alive
		// does not take it back
		if (this.held.remove(delivery.id()) != null) {
			this.slots.release();
		}
		String what = (message.kind() == TaskMessage.Kind.TASK) ? "task of type '" + message.name() + "'"
				: "queued call of service '" + message.name() + "'";
		if (this.unknownLogged.add(what)) {
			logger.warn("Third-party task " + describe(message) + " cannot run here (" + reason.getMessage()
					+ "): leaving it, and any other " + what + ", on the queue for an instance that declares it; one "
					+ "still there " + timeout + " after its submission is moved to the dead letters (logged once)");
		}
		else {
			logger.debug("Leaving third-party task " + describe(message) + " for an instance that declares it");
		}
		this.backend.handBack(List.of(delivery));
	}

	/**
	 * Deliveries the next claim must not take: those held, and those left for others
	 * until their time comes.
	 */
	private Set<String> notToClaim() {
		long now = this.clock.millis();
		this.leftForOthers.values().removeIf((deadline) -> deadline <= now);
		Set<String> excluded = new HashSet<>(this.held.keySet());
		excluded.addAll(this.leftForOthers.keySet());
		return excluded;
	}

	private Object invoke(TaskTargets.Invocable target, TaskMessage message) throws Throwable {
		Object[] arguments = this.codec.readArguments(message.arguments(), target.parameterTypes());
		try (RunningTasks.Scope scope = this.runningTasks.enter(message)) {
			return target.invoke(arguments);
		}
	}

	/**
	 * Handles a failed run.
	 * @return whether the delivery stays held (for a retry, or to hand back)
	 */
	private boolean failed(TaskDelivery delivery, int attempts, boolean idempotent, Throwable failure) {
		TaskMessage message = delivery.message();
		// a vendor's answer and a request's URL may hold the call's arguments: neither is
		// kept
		String error = Secrets.describe(failure);
		if (!this.running) {
			// stopping (possibly interrupted): no store call from this thread, the stop
			// hands it back
			logger.info("Third-party task " + describe(message) + " interrupted by shutdown: handing it back (" + error
					+ ")");
			return true;
		}
		String refusal = this.rerun.refusalAfter(failure, idempotent);
		if (refusal == null && attempts < this.properties.getMaxDeliveries()) {
			Duration wait = this.properties.getRetry().after(attempts);
			logger.warn("Third-party task " + describe(message) + " failed on delivery " + attempts + " of "
					+ this.properties.getMaxDeliveries() + ", retrying in " + wait + ": " + error);
			this.backend.recordFailure(delivery, error);
			this.timer.schedule(() -> retry(delivery), wait.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		if (refusal != null) {
			error = "Not retried: " + refusal + "; error: " + error;
		}
		String failedFinally = "Third-party task " + describe(message) + " failed on delivery " + attempts + " of "
				+ this.properties.getMaxDeliveries() + ((refusal != null) ? " (not retried: " + refusal + ")" : "")
				+ ": moving it to the dead letters";
		logger.warn(failedFinally + " (" + Secrets.describe(failure) + ")");
		logger.debug(failedFinally, failure);
		this.backend.deadLetter(delivery, error, attempts);
		return false;
	}

	private void retry(TaskDelivery delivery) {
		if (this.running) {
			try {
				this.workers.execute(() -> run(delivery));
			}
			catch (RejectedExecutionException stopping) {
				logger.debug("Not retrying task " + delivery.message().taskId() + ": stopping", stopping);
			}
		}
	}

	private void keepAlive() {
		if (this.held.isEmpty()) {
			return;
		}
		try {
			Set<String> lost = this.backend.keepAlive(List.copyOf(this.held.values()));
			for (String id : lost) {
				TaskDelivery delivery = this.held.get(id);
				if (delivery != null) {
					logger.warn("Third-party task " + describe(delivery.message())
							+ " was claimed by another worker while this one held it (a pause longer than "
							+ this.properties.getClaimTimeout() + "?)");
				}
			}
		}
		catch (RuntimeException ex) {
			failed("Could not extend the hold on running third-party tasks", ex);
		}
	}

	private void handBackHeld() {
		List<TaskDelivery> unfinished = List.copyOf(this.held.values());
		this.held.clear();
		if (unfinished.isEmpty()) {
			return;
		}
		try {
			this.backend.handBack(unfinished);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not hand back " + unfinished.size() + " unfinished third-party task(s); another worker "
					+ "will claim them after " + this.properties.getClaimTimeout(), ex);
		}
	}

	private void failed(String what, RuntimeException ex) {
		if (this.outage.compareAndSet(false, true)) {
			logger.warn(what + " (logged once until it recovers)", ex);
		}
		else {
			logger.debug(what, ex);
		}
	}

	private void recovered() {
		if (this.outage.compareAndSet(true, false)) {
			logger.info("The task queue answers again");
		}
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable cause = failure;
		while (cause instanceof UndeclaredThrowableException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static String describe(TaskMessage message) {
		return message.taskId() + " (" + message.kind().name().toLowerCase() + " '" + message.name() + "')";
	}

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
	}

}
