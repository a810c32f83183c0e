package io.thirdparty;

/**
 * How a {@link ThirdPartyCall} method runs relative to its caller.
 */
public enum CallMode {

	/**
	 * {@link #ASYNC} when the method returns a
	 * {@link java.util.concurrent.CompletableFuture} or a
	 * {@link java.util.concurrent.CompletionStage}, {@link #SYNC} otherwise.
	 */
	AUTO,

	/**
	 * On the caller's thread; the caller waits for the result. A method returning a
	 * future gets it already completed.
	 */
	SYNC,

	/**
	 * On the starter's bounded executor ({@code third-party.async.executor.*}); the
	 * method must return a {@code CompletableFuture} or {@code CompletionStage}, and the
	 * caller gets a future at once that completes when the whole pipeline (selection,
	 * retry, failover, fallback) has. A full executor refuses the call by throwing
	 * {@link java.util.concurrent.RejectedExecutionException}.
	 */
	ASYNC,

	/**
	 * Through the durable task queue ({@code third-party.async.*}): the call is recorded
	 * and the caller returns at once, before any vendor is called; a worker of any
	 * instance runs it later, retrying with backoff and dead-lettering it after
	 * {@code third-party.async.max-deliveries}. The method returns {@code void}, or
	 * {@code String} to give the caller the task id (see {@link ThirdPartyTasks#check});
	 * its arguments must be JSON-serializable.
	 */
	QUEUED

}
