package io.thirdparty.async;

/**
 * The queued call or task each worker thread is running, so that the pipeline can tell
 * the worker's own call of a queued method (to run) from a new call of it (to queue), and
 * can give calls made by the task its idempotency key. One per application, held by the
 * worker and the pipeline; not static.
 */
public class RunningTasks {

	private final ThreadLocal<Execution> current = new ThreadLocal<>();

	/**
	 * Returns the task running on the calling thread.
	 * @return the task, or {@code null} when the thread runs none
	 */
	public Execution current() {
		return this.current.get();
	}

	/**
	 * Marks the calling thread as running a task until the returned scope is closed.
	 * @param message the task
	 * @return the scope
	 */
	public Scope enter(TaskMessage message) {
		Execution previous = this.current.get();
		this.current.set(new Execution(message));
		return () -> {
			if (previous != null) {
				this.current.set(previous);
			}
			else {
				this.current.remove();
			}
		};
	}

	/**
	 * A task being run on a thread.
	 */
	public static final class Execution {

		private final TaskMessage message;

		private boolean inlinePending;

		Execution(TaskMessage message) {
			this.message = message;
			this.inlinePending = message.kind() == TaskMessage.Kind.CALL;
		}

		/**
		 * Returns the key calls made by the task give the vendor: the task's idempotency
		 * key, else its id.
		 * @return the key
		 */
		public String idempotencyKey() {
			return this.message.vendorKey();
		}

		/**
		 * Returns, once, whether a call of the given queued method is the worker's own
		 * call of the task's method, which must run instead of being queued again.
		 * @param signature the called method's signature, as
		 * {@link TaskTargets#signature} gives it
		 * @return {@code true} the first time the task's own method is called
		 */
		public boolean takeInline(String signature) {
			if (this.inlinePending && this.message.method().equals(signature)) {
				this.inlinePending = false;
				return true;
			}
			return false;
		}

	}

	/**
	 * Ends the marking of a thread.
	 */
	@FunctionalInterface
	public interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
