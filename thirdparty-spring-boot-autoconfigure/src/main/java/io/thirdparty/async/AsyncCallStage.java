package io.thirdparty.async;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.util.function.SingletonSupplier;

import io.thirdparty.TaskState;
import io.thirdparty.pipeline.CallChain;
import io.thirdparty.pipeline.CallSpec;
import io.thirdparty.pipeline.CallStage;
import io.thirdparty.pipeline.StageOrders;
import io.thirdparty.pipeline.ThirdPartyInvocation;

/**
 * First stage of the pipeline: decides where the rest of it runs. A synchronous call goes
 * on on the caller's thread; an asynchronous one is handed to the
 * {@link AsyncCallExecutor} and the caller gets a future at once; a queued one is
 * recorded on the task queue and the caller gets the task id (or nothing) at once, unless
 * this is the queue worker running it.
 * <p>
 * Everything after this stage (fallback, cache, failover, protection) runs where this
 * stage sends the call. A method returning a future has that future unwrapped inside each
 * attempt by {@link FutureResultStage}, so the stages in between see plain values and
 * failures; this stage wraps the outcome back into the future the caller holds.
 */
public class AsyncCallStage implements CallStage, Ordered {

	/** Order of this stage: before every other. */
	public static final int ORDER = StageOrders.ASYNC;

	private final Supplier<AsyncCallExecutor> executor;

	private final Supplier<TaskSubmitter> submitter;

	private final RunningTasks runningTasks;

	/**
	 * Creates the stage.
	 * @param executor the executor of asynchronous calls, looked up once, at the first
	 * one
	 * @param submitter records queued calls, looked up once, at the first one; absent
	 * without Jackson
	 * @param runningTasks the task each worker thread is running
	 */
	public AsyncCallStage(ObjectProvider<AsyncCallExecutor> executor, ObjectProvider<TaskSubmitter> submitter,
			RunningTasks runningTasks) {
		this.executor = SingletonSupplier.of(executor::getObject);
		this.submitter = SingletonSupplier.of(submitter::getIfAvailable);
		this.runningTasks = runningTasks;
	}

	@Override
	public Object invoke(ThirdPartyInvocation invocation, CallChain next) throws Throwable {
		CallSpec spec = invocation.spec();
		RunningTasks.Execution task = this.runningTasks.current();
		if (task != null && invocation.idempotencyKey() == null) {
			invocation.idempotencyKey(task.idempotencyKey());
		}
		switch (spec.mode()) {
			case QUEUED:
				if (task != null && task.takeInline(TaskTargets.signature(spec.method()))) {
					return next.proceed(invocation);
				}
				return enqueue(invocation);
			case ASYNC:
				return runAsync(invocation, next);
			default:
				return spec.returnsFuture() ? runAsCompletedFuture(invocation, next) : next.proceed(invocation);
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	private Object enqueue(ThirdPartyInvocation invocation) {
		TaskSubmitter submitter = this.submitter.get();
		if (submitter == null) {
			throw new IllegalStateException(
					"Queued third-party calls need Jackson 3 (tools.jackson.core:jackson-databind, "
							+ "in spring-boot-starter-jackson) on the classpath to record their arguments");
		}
		CallSpec spec = invocation.spec();
		TaskState state = submitter.submitCall(spec, invocation.target(), invocation.arguments());
		return (spec.method().getReturnType() == String.class) ? state.taskId() : null;
	}

	private CompletableFuture<Object> runAsync(ThirdPartyInvocation invocation, CallChain next) {
		AsyncCallExecutor executor = this.executor.get();
		CompletableFuture<Object> future = new CompletableFuture<>();
		try {
			executor.execute(() -> {
				try {
					complete(future, next.proceed(invocation));
				}
				catch (Throwable failure) {
					future.completeExceptionally(failure);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			String reason = executor.isRunning() ? "the executor is full (" + executor.describeCapacity()
					+ "). Raise third-party.async.executor.max-size " + "or queue-capacity, or slow the callers."
					: "the application is stopping";
			throw new AsyncCallRejectedException(invocation.spec().service(), reason, ex);
		}
		return future;
	}

	private static CompletableFuture<Object> runAsCompletedFuture(ThirdPartyInvocation invocation, CallChain next) {
		CompletableFuture<Object> future = new CompletableFuture<>();
		try {
			complete(future, next.proceed(invocation));
		}
		catch (Throwable failure) {
			future.completeExceptionally(failure);
		}
		return future;
	}

	/**
	 * Completes the caller's future with a value, or with a future a fallback returned.
	 */
	private static void complete(CompletableFuture<Object> future, Object result) {
		if (result instanceof CompletionStage<?> stage) {
			stage.whenComplete((value, failure) -> {
				if (failure != null) {
					future.completeExceptionally((failure instanceof CompletionException && failure.getCause() != null)
							? failure.getCause() : failure);
				}
				else {
					future.complete(value);
				}
			});
		}
		else {
			future.complete(result);
		}
	}

}
