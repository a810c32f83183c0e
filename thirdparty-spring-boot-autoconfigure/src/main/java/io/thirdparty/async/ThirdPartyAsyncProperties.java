package io.thirdparty.async;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import io.thirdparty.config.InvalidThirdPartyConfigurationException;

/**
 * Configuration of asynchronous and queued calls and of the task API, under
 * {@code third-party.async}.
 */
@ConfigurationProperties(ThirdPartyAsyncProperties.PREFIX)
public class ThirdPartyAsyncProperties {

	/**
	 * Prefix of the asynchronous settings.
	 */
	public static final String PREFIX = "third-party.async";

	/**
	 * Key prefix of the queue of an application without {@code spring.application.name}.
	 */
	public static final String DEFAULT_KEY_PREFIX = "thirdparty:{async}:";

	/**
	 * Where queued calls and tasks are kept: 'auto' uses Redis when the application has a
	 * Redis connection factory and memory otherwise, 'redis' requires Redis, 'memory'
	 * keeps them in this JVM only (lost on restart).
	 */
	private Store store = Store.AUTO;

	/**
	 * Prefix of every Redis key of the queue: the stream '<prefix>queue', the dead-letter
	 * stream '<prefix>dead', task hashes '<prefix>task:<id>' and idempotency keys
	 * '<prefix>key:<hash>'. Defaults to 'thirdparty:{async:<spring.application.name>}:',
	 * or 'thirdparty:{async}:' without an application name, so that applications sharing
	 * a Redis keep their queues apart while the instances of one application share
	 * theirs. The braces make every key hash to one Redis Cluster slot.
	 */
	private String keyPrefix;

	/**
	 * Consumer group the workers of every instance read the queue through.
	 */
	private String consumerGroup = "thirdparty-workers";

	/**
	 * Most times a queued call or task runs before it is moved to the dead-letter stream
	 * and marked failed.
	 */
	private int maxDeliveries = 5;

	/**
	 * How long a message may sit unacknowledged with a worker that no longer reports (a
	 * dead or stalled instance) before another instance claims it. Live workers extend
	 * their claim every third of this.
	 */
	private Duration claimTimeout = Duration.ofMinutes(1);

	/**
	 * How long a finished task's state, and its idempotency key, are kept.
	 */
	private Duration retention = Duration.ofHours(24);

	/**
	 * Longest time a worker waits for a new message in one read.
	 */
	private Duration pollTimeout = Duration.ofSeconds(1);

	/**
	 * Longest time shutdown waits for running asynchronous calls and tasks; tasks still
	 * running then are interrupted and handed back to the queue for another instance.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(20);

	/**
	 * Most entries kept in the dead-letter stream (approximately; the oldest are
	 * trimmed).
	 */
	private long deadLetterMaxLength = 10_000;

	/**
	 * How long, counted from its submission, a message of a task type (or a queued call
	 * of a bean or method) that this instance does not declare stays on a shared Redis
	 * queue for an instance that does (another version during a rolling deploy); this
	 * instance never runs or counts it, and moves it to the dead letters only once this
	 * has passed.
	 */
	private Duration unknownTypeTimeout = Duration.ofHours(1);

	/**
	 * Executor of asynchronous (CompletableFuture) calls.
	 */
	private final Executor executor = new Executor();

	/**
	 * Queue workers of this instance.
	 */
	private final Workers workers = new Workers();

	/**
	 * Backoff between deliveries of a failed queued call or task.
	 */
	private final Retry retry = new Retry();

	/**
	 * Start/check task API.
	 */
	private final Tasks tasks = new Tasks();

	public Store getStore() {
		return this.store;
	}

	public void setStore(Store store) {
		this.store = store;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	/**
	 * Returns the key prefix in force: the configured one, else the default for the
	 * application's name.
	 * @param applicationName the value of {@code spring.application.name}, or
	 * {@code null}
	 * @return the prefix
	 */
	public String keyPrefix(String applicationName) {
		if (this.keyPrefix != null) {
			return this.keyPrefix;
		}
		if (applicationName == null || applicationName.isBlank()) {
			return DEFAULT_KEY_PREFIX;
		}
		// braces would end the hash tag early or start another one
		return "thirdparty:{async:" + applicationName.strip().replace('{', '_').replace('}', '_') + "}:";
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public String getConsumerGroup() {
		return this.consumerGroup;
	}

	public void setConsumerGroup(String consumerGroup) {
		this.consumerGroup = consumerGroup;
	}

	public int getMaxDeliveries() {
		return this.maxDeliveries;
	}

	public void setMaxDeliveries(int maxDeliveries) {
		this.maxDeliveries = maxDeliveries;
	}

	public Duration getClaimTimeout() {
		return this.claimTimeout;
	}

	public void setClaimTimeout(Duration claimTimeout) {
		this.claimTimeout = claimTimeout;
	}

	public Duration getRetention() {
		return this.retention;
	}

	public void setRetention(Duration retention) {
		this.retention = retention;
	}

	public Duration getPollTimeout() {
		return this.pollTimeout;
	}

	public void setPollTimeout(Duration pollTimeout) {
		this.pollTimeout = pollTimeout;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public long getDeadLetterMaxLength() {
		return this.deadLetterMaxLength;
	}

	public void setDeadLetterMaxLength(long deadLetterMaxLength) {
		this.deadLetterMaxLength = deadLetterMaxLength;
	}

	public Duration getUnknownTypeTimeout() {
		return this.unknownTypeTimeout;
	}

	public void setUnknownTypeTimeout(Duration unknownTypeTimeout) {
		this.unknownTypeTimeout = unknownTypeTimeout;
	}

	public Executor getExecutor() {
		return this.executor;
	}

	public Workers getWorkers() {
		return this.workers;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Tasks getTasks() {
		return this.tasks;
	}

	/**
	 * Checks the settings, failing on the first that cannot work.
	 * @throws InvalidThirdPartyConfigurationException naming the key, its value and the
	 * fix
	 */
	public void validate() {
		String key = PREFIX + ".";
		if (this.keyPrefix != null && this.keyPrefix.isBlank()) {
			throw new InvalidThirdPartyConfigurationException(key + "key-prefix", this.keyPrefix,
					"the Redis key prefix is empty",
					"Set it to a prefix such as thirdparty:{async}:, or remove it for the default of the application.");
		}
		if (this.consumerGroup == null || this.consumerGroup.isBlank()) {
			throw new InvalidThirdPartyConfigurationException(key + "consumer-group", this.consumerGroup,
					"the consumer group is empty",
					"Set it to a name shared by every instance, e.g. thirdparty-workers.");
		}
		atLeast(key + "max-deliveries", this.maxDeliveries, 1);
		positive(key + "claim-timeout", this.claimTimeout);
		positive(key + "retention", this.retention);
		positive(key + "poll-timeout", this.pollTimeout);
		positive(key + "shutdown-timeout", this.shutdownTimeout);
		if (this.pollTimeout.compareTo(this.claimTimeout) >= 0) {
			throw new InvalidThirdPartyConfigurationException(key + "poll-timeout", this.pollTimeout,
					"a worker must poll more often than the claim timeout (" + this.claimTimeout + ")",
					"Set " + key + "poll-timeout below " + key + "claim-timeout.");
		}
		atLeast(key + "dead-letter-max-length", this.deadLetterMaxLength, 1);
		positive(key + "unknown-type-timeout", this.unknownTypeTimeout);
		atLeast(key + "executor.core-size", this.executor.coreSize, 0);
		atLeast(key + "executor.max-size", this.executor.maxSize, Math.max(1, this.executor.coreSize));
		atLeast(key + "executor.queue-capacity", this.executor.queueCapacity, 0);
		positive(key + "executor.keep-alive", this.executor.keepAlive);
		atLeast(key + "workers.concurrency", this.workers.concurrency, 1);
		positiveOrZero(key + "retry.backoff", this.retry.backoff);
		positiveOrZero(key + "retry.max-backoff", this.retry.maxBackoff);
		if (this.retry.multiplier < 1.0) {
			throw new InvalidThirdPartyConfigurationException(key + "retry.multiplier", this.retry.multiplier,
					"the multiplier must be 1.0 or more", "Set it to 1.0 for a constant wait or more to grow it.");
		}
		String path = this.tasks.basePath;
		if (path == null || !path.startsWith("/") || path.endsWith("/") || path.contains("{")) {
			throw new InvalidThirdPartyConfigurationException(key + "tasks.base-path", path,
					"the base path must start with '/', not end with '/' and hold no pattern",
					"Set it to a path such as /third-party/tasks.");
		}
		if (this.tasks.maxRequestSize == null || this.tasks.maxRequestSize.toBytes() < 1) {
			throw new InvalidThirdPartyConfigurationException(key + "tasks.max-request-size", this.tasks.maxRequestSize,
					"must be positive", "Set it to a size such as 64KB.");
		}
	}

	private static void atLeast(String key, long value, long min) {
		if (value < min) {
			throw new InvalidThirdPartyConfigurationException(key, value, "must be " + min + " or more",
					"Set " + key + " to " + min + " or more.");
		}
	}

	private static void positive(String key, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidThirdPartyConfigurationException(key, value, "must be a positive duration",
					"Set " + key + " to a positive duration such as 1s.");
		}
	}

	private static void positiveOrZero(String key, Duration value) {
		if (value == null || value.isNegative()) {
			throw new InvalidThirdPartyConfigurationException(key, value, "cannot be negative",
					"Set " + key + " to 0 or a positive duration.");
		}
	}

	/**
	 * Where queued calls and tasks are kept.
	 */
	public enum Store {

		/**
		 * Redis when the application has a Redis connection factory, memory otherwise.
		 */
		AUTO,

		/** Redis Streams and hashes: durable and shared by every instance. */
		REDIS,

		/** This JVM only: lost on restart, not shared. */
		MEMORY

	}

	/**
	 * Executor of asynchronous calls.
	 */
	public static class Executor {

		/**
		 * Threads kept even when idle. Calls beyond them wait in the queue; threads are
		 * added up to max-size only once the queue is full (the usual thread-pool rules).
		 */
		private int coreSize = 8;

		/**
		 * Most threads; with virtual threads, most calls running at once.
		 */
		private int maxSize = 32;

		/**
		 * Calls that may wait for a thread while core-size threads are busy; with the
		 * queue full and max-size threads busy, a call is refused with a
		 * RejectedExecutionException. 0 hands each call straight to a thread. Not used
		 * with virtual threads.
		 */
		private int queueCapacity = 200;

		/**
		 * How long a thread above core-size may stay idle before it ends.
		 */
		private Duration keepAlive = Duration.ofSeconds(60);

		/**
		 * Prefix of the executor's thread names.
		 */
		private String threadNamePrefix = "thirdparty-async-";

		/**
		 * Whether to run each call on its own virtual thread (at most max-size at once)
		 * when the JDK has virtual threads (Java 21 and later); ignored, with a log line,
		 * on older JDKs.
		 */
		private boolean virtualThreads = false;

		public int getCoreSize() {
			return this.coreSize;
		}

		public void setCoreSize(int coreSize) {
			this.coreSize = coreSize;
		}

		public int getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(int maxSize) {
			this.maxSize = maxSize;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		public Duration getKeepAlive() {
			return this.keepAlive;
		}

		public void setKeepAlive(Duration keepAlive) {
			this.keepAlive = keepAlive;
		}

		public String getThreadNamePrefix() {
			return this.threadNamePrefix;
		}

		public void setThreadNamePrefix(String threadNamePrefix) {
			this.threadNamePrefix = threadNamePrefix;
		}

		public boolean isVirtualThreads() {
			return this.virtualThreads;
		}

		public void setVirtualThreads(boolean virtualThreads) {
			this.virtualThreads = virtualThreads;
		}

	}

	/**
	 * Queue workers of this instance.
	 */
	public static class Workers {

		/**
		 * Whether this instance runs queued calls and tasks; without workers it only
		 * submits them and reports their state.
		 */
		private boolean enabled = true;

		/**
		 * Most queued calls and tasks this instance runs (or holds for a retry) at once.
		 */
		private int concurrency = 4;

		/**
		 * Prefix of the worker thread names.
		 */
		private String threadNamePrefix = "thirdparty-worker-";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public String getThreadNamePrefix() {
			return this.threadNamePrefix;
		}

		public void setThreadNamePrefix(String threadNamePrefix) {
			this.threadNamePrefix = threadNamePrefix;
		}

	}

	/**
	 * Backoff between deliveries of a failed queued call or task.
	 */
	public static class Retry {

		/**
		 * Wait before the second delivery.
		 */
		private Duration backoff = Duration.ofSeconds(1);

		/**
		 * Factor applied to the wait after each further failure.
		 */
		private double multiplier = 2.0;

		/**
		 * Longest wait between deliveries.
		 */
		private Duration maxBackoff = Duration.ofMinutes(1);

		public Duration getBackoff() {
			return this.backoff;
		}

		public void setBackoff(Duration backoff) {
			this.backoff = backoff;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		/**
		 * Returns the wait after a failed delivery.
		 * @param deliveries how many deliveries have failed, at least 1
		 * @return the wait
		 */
		public Duration after(int deliveries) {
			double millis = this.backoff.toMillis() * Math.pow(this.multiplier, Math.max(0, deliveries - 1));
			return Duration.ofMillis((long) Math.min(millis, this.maxBackoff.toMillis()));
		}

	}

	/**
	 * Start/check task API.
	 */
	public static class Tasks {

		/**
		 * Whether to serve the task API over HTTP in a servlet web application.
		 */
		private boolean webEnabled = true;

		/**
		 * Path of the task endpoints: POST to start a task, GET '<base-path>/{taskId}' to
		 * check one.
		 */
		private String basePath = "/third-party/tasks";

		/**
		 * Largest request body the start endpoint reads; a larger one is refused with
		 * 413.
		 */
		private DataSize maxRequestSize = DataSize.ofKilobytes(64);

		public boolean isWebEnabled() {
			return this.webEnabled;
		}

		public void setWebEnabled(boolean webEnabled) {
			this.webEnabled = webEnabled;
		}

		public String getBasePath() {
			return this.basePath;
		}

		public void setBasePath(String basePath) {
			this.basePath = basePath;
		}

		public DataSize getMaxRequestSize() {
			return this.maxRequestSize;
		}

		public void setMaxRequestSize(DataSize maxRequestSize) {
			this.maxRequestSize = maxRequestSize;
		}

	}

}
