package io.thirdparty;

/**
 * Access to the attempt in progress from inside a {@link ThirdPartyCall} method: which
 * provider was chosen for it and which attempt of the call it is.
 * <p>
 * The values are bound to the thread that runs the attempt, for the duration of the
 * attempt.
 */
public final class ThirdPartyContext {

	private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

	private ThirdPartyContext() {
	}

	/**
	 * Returns the provider chosen for the current attempt.
	 * @return the provider
	 * @throws IllegalStateException when called outside a {@link ThirdPartyCall} method
	 */
	public static Provider provider() {
		return current().provider;
	}

	/**
	 * Returns the number of the current attempt, starting at 1.
	 * @return the attempt number
	 * @throws IllegalStateException when called outside a {@link ThirdPartyCall} method
	 */
	public static int attempt() {
		return current().attempt;
	}

	/**
	 * Returns the idempotency key of the queued call or task this attempt belongs to, so
	 * that the method can pass it to a vendor that deduplicates requests (an
	 * {@code Idempotency-Key} header, for example). A queued call or task may run more
	 * than once (a retry after a failure, or a worker that died mid-call), always with
	 * the same key.
	 * @return the key, or {@code null} when the call is not part of a queued call or task
	 * @throws IllegalStateException when called outside a {@link ThirdPartyCall} method
	 */
	public static String idempotencyKey() {
		return current().idempotencyKey;
	}

	/**
	 * Returns whether the calling thread is inside an attempt.
	 * @return {@code true} inside a {@link ThirdPartyCall} method
	 */
	public static boolean isActive() {
		return CURRENT.get() != null;
	}

	/**
	 * Binds an attempt to the calling thread until the returned scope is closed. Called
	 * by the call pipeline; application code has no need of it.
	 * @param provider the provider of the attempt
	 * @param attempt the attempt number, starting at 1
	 * @return the scope to close when the attempt ends
	 */
	public static Scope open(Provider provider, int attempt) {
		return open(provider, attempt, null);
	}

	/**
	 * Binds an attempt of a queued call or task to the calling thread until the returned
	 * scope is closed. Called by the call pipeline; application code has no need of it.
	 * @param provider the provider of the attempt
	 * @param attempt the attempt number, starting at 1
	 * @param idempotencyKey the idempotency key of the queued call or task, or
	 * {@code null}
	 * @return the scope to close when the attempt ends
	 */
	public static Scope open(Provider provider, int attempt, String idempotencyKey) {
		Scope scope = new Scope(provider, attempt, idempotencyKey, CURRENT.get());
		CURRENT.set(scope);
		return scope;
	}

	private static Scope current() {
		Scope scope = CURRENT.get();
		if (scope == null) {
			throw new IllegalStateException(
					"No third-party attempt in progress: ThirdPartyContext is only available inside a @ThirdPartyCall method");
		}
		return scope;
	}

	/**
	 * An attempt bound to a thread; closing it restores what was bound before.
	 */
	public static final class Scope implements AutoCloseable {

		private final Provider provider;

		private final int attempt;

		private final String idempotencyKey;

		private final Scope previous;

		private Scope(Provider provider, int attempt, String idempotencyKey, Scope previous) {
			this.provider = provider;
			this.attempt = attempt;
			this.idempotencyKey = idempotencyKey;
			this.previous = previous;
		}

		/**
		 * Restores what was bound before. The outermost scope leaves an empty binding
		 * rather than removing it, as Spring's own synchronization managers do: the
		 * thread keeps no reference to the attempt, and the next attempt on the thread
		 * allocates no new entry.
		 */
		@Override
		public void close() {
			CURRENT.set(this.previous);
		}

	}

}
