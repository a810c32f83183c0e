package io.thirdparty.async;

import java.lang.reflect.Method;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;

import io.thirdparty.TaskState;
import io.thirdparty.TaskStatus;
import io.thirdparty.pipeline.CallSpec;
import io.thirdparty.provider.Secrets;

/**
 * Records queued calls and tasks on the {@link TaskBackend} and reads their state back.
 * Each gets a random task id (a version 4 UUID, from a {@code SecureRandom}). Only work
 * submitted with an idempotency key (given to the task API, or the {@code idempotencyKey}
 * expression of a queued call) is deduplicated: the same key with the same parameters,
 * while retained, returns the earlier task; the same key with other parameters is
 * refused. Without a key every submission is new work, however alike the arguments.
 * <p>
 * A task store that does not answer fails the start or check with a
 * {@link TaskSubmissionException} or {@link TaskLookupException}, which keep the cause;
 * the outage is logged once, and its end once.
 */
public class TaskSubmitter {

	private static final Log logger = LogFactory.getLog(TaskSubmitter.class);

	private final TaskBackend backend;

	private final TaskTargets targets;

	private final TaskCodec codec;

	private final Clock clock;

	private final SpelExpressionParser parser = new SpelExpressionParser();

	private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private final Map<Method, Expression> keyExpressions = new ConcurrentHashMap<>();

	private final AtomicBoolean outage = new AtomicBoolean();

	/**
	 * Creates the submitter.
	 * @param backend where tasks are kept
	 * @param targets what messages run
	 * @param codec writes arguments and reads results
	 * @param clock the clock
	 */
	public TaskSubmitter(TaskBackend backend, TaskTargets targets, TaskCodec codec, Clock clock) {
		this.backend = backend;
		this.targets = targets;
		this.codec = codec;
		this.clock = clock;
	}

	/**
	 * Queues a call of a queued {@code @ThirdPartyCall} method.
	 * @param spec the method's spec
	 * @param target the bean instance the call was made on
	 * @param arguments the call's arguments
	 * @return the state of the task that does the work
	 * @throws IdempotencyKeyReusedException when the call's key was used with other
	 * arguments
	 * @throws TaskSubmissionException when the task store failed
	 */
	public TaskState submitCall(CallSpec spec, Object target, Object[] arguments) {
		String bean = this.targets.beanName(target);
		String method = TaskTargets.signature(spec.method());
		String json = this.codec.writeArguments(arguments);
		String key = spec.idempotencyKey().isEmpty() ? null : evaluateKey(spec, target, arguments);
		String fingerprint = TaskMessage.fingerprint(TaskMessage.Kind.CALL, spec.service(), bean, method,
				this.codec.canonical(json));
		return submit(new TaskMessage(newTaskId(), TaskMessage.Kind.CALL, spec.service(), bean, method, json, key,
				fingerprint, this.clock.millis()));
	}

	/**
	 * Starts a task.
	 * @param taskType the task type
	 * @param params its params
	 * @param idempotencyKey its key, or {@code null} (or blank) for new work that is not
	 * deduplicated
	 * @return the state of the task that does the work
	 * @throws UnknownTaskTypeException when no method declares the type
	 * @throws InvalidTaskParametersException when the params do not fit the method's
	 * parameter
	 * @throws IdempotencyKeyReusedException when the key was used with other params
	 * @throws TaskSubmissionException when the task store failed
	 */
	public TaskState submitTask(String taskType, Object params, String idempotencyKey) {
		TaskTargets.TaskTarget target = this.targets.task(taskType)
			.orElseThrow(() -> new UnknownTaskTypeException(taskType, this.targets.taskTypes()));
		Object parameter;
		try {
			parameter = this.codec.convert(params, target.parameterType());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidTaskParametersException(
					"The params of task type '" + taskType + "' do not fit: " + ex.getMessage(), ex);
		}
		String json = this.codec.writeArguments(new Object[] { parameter });
		String key = (idempotencyKey != null && !idempotencyKey.isBlank()) ? idempotencyKey : null;
		String method = TaskTargets.signature(target.method());
		String fingerprint = TaskMessage.fingerprint(TaskMessage.Kind.TASK, taskType, target.beanName(), method,
				this.codec.canonical(json));
		return submit(new TaskMessage(newTaskId(), TaskMessage.Kind.TASK, taskType, target.beanName(), method, json,
				key, fingerprint, this.clock.millis()));
	}

	/**
	 * Returns a task's state.
	 * @param taskId the task's id
	 * @return the state, or empty when no task with that id is retained
	 * @throws TaskLookupException when the task store failed
	 */
	public Optional<TaskState> check(String taskId) {
		if (taskId == null || !isTaskId(taskId)) {
			return Optional.empty();
		}
		Optional<TaskRecord> record;
		try {
			record = this.backend.find(taskId);
		}
		catch (RuntimeException ex) {
			storeFailed(ex);
			throw new TaskLookupException(taskId, ex);
		}
		storeAnswered();
		return record.map(this::state);
	}

	private TaskState submit(TaskMessage message) {
		String taskId;
		try {
			taskId = this.backend.submit(message);
		}
		catch (IdempotencyKeyReusedException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			storeFailed(ex);
			throw new TaskSubmissionException(message.name(), ex);
		}
		storeAnswered();
		if (taskId.equals(message.taskId())) {
			return TaskState.processing(taskId);
		}
		return check(taskId).orElseGet(() -> TaskState.processing(taskId));
	}

	private void storeFailed(RuntimeException ex) {
		if (this.outage.compareAndSet(false, true)) {
			// one line at WARN, the stack trace at DEBUG: an outage is not a bug in the
			// application
			logger.warn("The third-party task store is not answering: tasks can be neither started nor checked until "
					+ "it returns (logged once until it does): " + Secrets.describe(ex));
			logger.debug("The third-party task store failed", ex);
		}
		else {
			logger.debug("The third-party task store is still not answering", ex);
		}
	}

	private void storeAnswered() {
		if (this.outage.compareAndSet(true, false)) {
			logger.info("The third-party task store answers again");
		}
	}

	private TaskState state(TaskRecord record) {
		Object result = (record.status() == TaskStatus.SUCCESS) ? this.codec.readResult(record.result()) : null;
		String error = (record.status() == TaskStatus.FAILED) ? record.error() : null;
		return new TaskState(record.taskId(), record.status(), result, error);
	}

	private String evaluateKey(CallSpec spec, Object target, Object[] arguments) {
		Expression expression = this.keyExpressions.computeIfAbsent(spec.method(),
				(method) -> this.parser.parseExpression(spec.idempotencyKey()));
		Object key = expression
			.getValue(new MethodBasedEvaluationContext(target, spec.method(), arguments, this.parameterNames));
		if (key == null || key.toString().isBlank()) {
			throw new IllegalArgumentException("The idempotency key expression '" + spec.idempotencyKey() + "' of "
					+ spec.method() + " gave no key for these arguments");
		}
		return key.toString();
	}

	private static String newTaskId() {
		return UUID.randomUUID().toString();
	}

	private static boolean isTaskId(String taskId) {
		if (taskId.length() != 36) {
			return false;
		}
		try {
			return UUID.fromString(taskId).toString().equals(taskId);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
