package io.thirdparty.async;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStreamCommands.XClaimOptions;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.PendingMessage;
import org.springframework.data.redis.connection.stream.PendingMessages;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.thirdparty.TaskStatus;

import static io.thirdparty.async.RedisTaskScripts.ACKNOWLEDGE;
import static io.thirdparty.async.RedisTaskScripts.BEGIN;
import static io.thirdparty.async.RedisTaskScripts.DEAD_LETTER;
import static io.thirdparty.async.RedisTaskScripts.DISCARD;
import static io.thirdparty.async.RedisTaskScripts.HAND_BACK;
import static io.thirdparty.async.RedisTaskScripts.KEEP_ALIVE;
import static io.thirdparty.async.RedisTaskScripts.RECORD_FAILURE;
import static io.thirdparty.async.RedisTaskScripts.SUBMIT;
import static io.thirdparty.async.RedisTaskScripts.SUCCEED;

/**
 * Queued calls and tasks in Redis: one stream read by every instance's workers through a
 * consumer group, a dead-letter stream, a hash per task holding its state, and a string
 * per idempotency key pointing at its task; each key expires {@code retention} after the
 * task's last change. Every change that touches more than one key is one Lua script
 * ({@link RedisTaskScripts}).
 * <p>
 * A worker receives new messages with {@code XREADGROUP} on a connection of its own,
 * keeps the ones it runs (or will retry) from being claimed by re-claiming them every
 * third of the claim timeout, and takes over messages another consumer has left idle for
 * the claim timeout with {@code XPENDING ... IDLE} and {@code XCLAIM} (the equivalent of
 * {@code XAUTOCLAIM}). On shutdown it hands what it still holds to a parking consumer
 * with an idle time past the claim timeout, so that another instance takes it at once.
 * Acknowledged messages are deleted from the stream, which therefore holds only work not
 * yet done.
 */
public class RedisTaskBackend implements TaskBackend {

	private static final Log logger = LogFactory.getLog(RedisTaskBackend.class);

	/** Consumer that parks handed-back messages until a worker claims them. */
	static final String HANDED_BACK = "handed-back";

	private final StringRedisTemplate redis;

	private final RedisConnectionFactory connectionFactory;

	private final String group;

	private final String consumer;

	private final String stream;

	private final String deadLetters;

	private final String prefix;

	private final Duration retention;

	private final Duration claimTimeout;

	private final long deadLetterMaxLength;

	private final Clock clock;

	private final byte[] rawStream;

	private RedisConnection pollConnection;

	/**
	 * Creates the backend.
	 * @param connectionFactory the application's Redis connection factory
	 * @param properties the asynchronous settings (group, retention, claim timeout)
	 * @param keyPrefix the prefix of every key, as
	 * {@link ThirdPartyAsyncProperties#keyPrefix(String)} resolves it
	 * @param clock the clock
	 */
	public RedisTaskBackend(RedisConnectionFactory connectionFactory, ThirdPartyAsyncProperties properties,
			String keyPrefix, Clock clock) {
		this.connectionFactory = connectionFactory;
		this.redis = new StringRedisTemplate(connectionFactory);
		this.prefix = keyPrefix;
		this.group = properties.getConsumerGroup();
		this.consumer = consumerName();
		this.stream = this.prefix + "queue";
		this.deadLetters = this.prefix + "dead";
		this.rawStream = this.stream.getBytes(StandardCharsets.UTF_8);
		this.retention = properties.getRetention();
		this.claimTimeout = properties.getClaimTimeout();
		this.deadLetterMaxLength = properties.getDeadLetterMaxLength();
		this.clock = clock;
	}

	/**
	 * Returns the prefix of every key.
	 * @return the prefix
	 */
	public String keyPrefix() {
		return this.prefix;
	}

	/**
	 * Returns the key of the queue stream.
	 * @return the key
	 */
	public String streamKey() {
		return this.stream;
	}

	/**
	 * Returns the key of the dead-letter stream.
	 * @return the key
	 */
	public String deadLetterKey() {
		return this.deadLetters;
	}

	/**
	 * Returns this worker's consumer name in the group: host, process and a random part.
	 * @return the name
	 */
	public String consumer() {
		return this.consumer;
	}

	@Override
	public String submit(TaskMessage message) {
		List<String> args = new ArrayList<>();
		args.add(message.taskId());
		args.add(Long.toString(this.retention.toMillis()));
		args.add(message.kind().name());
		args.add(message.name());
		args.add(Long.toString(now()));
		message.toFields().forEach((field, value) -> {
			args.add(field);
			args.add(value);
		});
		args.add(5, message.fingerprint());
		List<?> outcome = this.redis.execute(SUBMIT, keys(message, taskKey(message.taskId()), this.stream),
				args.toArray());
		if ("conflict".equals(outcome.get(0))) {
			throw new IdempotencyKeyReusedException(message.name(), message.idempotencyKey());
		}
		return (String) outcome.get(1);
	}

	@Override
	public Optional<TaskRecord> find(String taskId) {
		Map<Object, Object> hash = this.redis.opsForHash().entries(taskKey(taskId));
		if (hash.isEmpty() || hash.get("status") == null) {
			return Optional.empty();
		}
		return Optional
			.of(new TaskRecord(taskId, TaskStatus.valueOf((String) hash.get("status")), (String) hash.get("result"),
					(String) hash.get("error"), Integer.parseInt((String) hash.getOrDefault("attempts", "0"))));
	}

	@Override
	public boolean durable() {
		return true;
	}

	@Override
	public boolean shared() {
		return true;
	}

	@Override
	public synchronized void openConsumer() {
		createGroup();
		this.pollConnection = this.connectionFactory.getConnection();
	}

	@Override
	public synchronized void closeConsumer() {
		if (this.pollConnection == null) {
			return;
		}
		this.pollConnection.close();
		this.pollConnection = null;
		PendingMessages mine = this.redis.opsForStream()
			.pending(this.stream, Consumer.from(this.group, this.consumer), Range.unbounded(), 1);
		if (mine.isEmpty()) {
			this.redis.opsForStream().deleteConsumer(this.stream, Consumer.from(this.group, this.consumer));
		}
	}

	@Override
	public List<TaskDelivery> poll(int max, Duration timeout) {
		RedisConnection connection;
		synchronized (this) {
			connection = this.pollConnection;
		}
		if (connection == null) {
			return List.of();
		}
		List<ByteRecord> records;
		try {
			records = connection.streamCommands()
				.xReadGroup(Consumer.from(this.group, this.consumer),
						StreamReadOptions.empty().count(max).block(timeout),
						StreamOffset.create(this.rawStream, ReadOffset.lastConsumed()));
		}
		catch (DataAccessException ex) {
			if (String.valueOf(ex.getMessage()).contains("NOGROUP")) {
				// the stream or the group was deleted under us: make them again and go on
				createGroup();
				return List.of();
			}
			throw ex;
		}
		List<TaskDelivery> deliveries = new ArrayList<>();
		if (records != null) {
			for (ByteRecord record : records) {
				Map<String, String> fields = new LinkedHashMap<>();
				record.getValue()
					.forEach((field, value) -> fields.put(new String(field, StandardCharsets.UTF_8),
							new String(value, StandardCharsets.UTF_8)));
				addDelivery(deliveries, record.getId().getValue(), fields);
			}
		}
		return deliveries;
	}

	@Override
	public List<TaskDelivery> claimAbandoned(int max, Collection<String> excluded) {
		PendingMessages pending = this.redis.opsForStream()
			.pending(this.stream, this.group, Range.unbounded(), max + excluded.size(), this.claimTimeout);
		List<String> ids = new ArrayList<>();
		for (PendingMessage message : pending) {
			String id = message.getIdAsString();
			if (!excluded.contains(id) && ids.size() < max) {
				ids.add(id);
			}
		}
		if (ids.isEmpty()) {
			return List.of();
		}
		List<MapRecord<String, Object, Object>> claimed = this.redis.opsForStream()
			.claim(this.stream, this.group, this.consumer, XClaimOptions.minIdle(this.claimTimeout).ids(ids));
		List<TaskDelivery> deliveries = new ArrayList<>();
		for (MapRecord<String, Object, Object> record : claimed) {
			Map<String, String> fields = new LinkedHashMap<>();
			record.getValue().forEach((field, value) -> fields.put(String.valueOf(field), String.valueOf(value)));
			addDelivery(deliveries, record.getId().getValue(), fields);
		}
		if (!deliveries.isEmpty()) {
			logger.info("Claimed " + deliveries.size() + " third-party task(s) left idle for over " + this.claimTimeout
					+ " by another worker");
		}
		return deliveries;
	}

	@Override
	public Start begin(TaskDelivery delivery) {
		TaskMessage message = delivery.message();
		List<?> state = this.redis.execute(BEGIN, keys(message, taskKey(message.taskId())),
				Long.toString(this.retention.toMillis()), message.kind().name(), message.name(), Long.toString(now()),
				message.taskId(), message.fingerprint());
		String error = (String) state.get(2);
		return new Start(TaskStatus.valueOf((String) state.get(0)), Integer.parseInt((String) state.get(1)),
				error.isEmpty() ? null : error, Integer.parseInt((String) state.get(3)));
	}

	@Override
	public void succeed(TaskDelivery delivery, String result) {
		TaskMessage message = delivery.message();
		this.redis.execute(SUCCEED, keys(message, taskKey(message.taskId()), this.stream), this.group, delivery.id(),
				Long.toString(this.retention.toMillis()), result, Long.toString(now()));
	}

	@Override
	public void recordFailure(TaskDelivery delivery, String error) {
		TaskMessage message = delivery.message();
		this.redis.execute(RECORD_FAILURE, keys(message, taskKey(message.taskId())),
				Long.toString(this.retention.toMillis()), error);
	}

	@Override
	public void deadLetter(TaskDelivery delivery, String error, int attempts) {
		TaskMessage message = delivery.message();
		List<String> args = new ArrayList<>(List.of(this.group, delivery.id(), Long.toString(this.retention.toMillis()),
				error, Long.toString(now()), Long.toString(this.deadLetterMaxLength)));
		message.toFields().forEach((field, value) -> {
			args.add(field);
			args.add(value);
		});
		args.addAll(List.of("error", error, "attempts", Integer.toString(attempts), "failed", Long.toString(now()),
				"entry", delivery.id()));
		this.redis.execute(DEAD_LETTER, keys(message, taskKey(message.taskId()), this.stream, this.deadLetters),
				args.toArray());
	}

	@Override
	public void acknowledge(TaskDelivery delivery) {
		this.redis.execute(ACKNOWLEDGE, List.of(this.stream), this.group, delivery.id());
	}

	@Override
	public Set<String> keepAlive(Collection<TaskDelivery> held) {
		if (held.isEmpty()) {
			return Set.of();
		}
		List<String> args = new ArrayList<>(List.of(this.group, this.consumer));
		held.forEach((delivery) -> args.add(delivery.id()));
		List<?> lost = this.redis.execute(KEEP_ALIVE, List.of(this.stream), args.toArray());
		Set<String> ids = new HashSet<>();
		lost.forEach((id) -> ids.add(String.valueOf(id)));
		return ids;
	}

	@Override
	public void handBack(Collection<TaskDelivery> held) {
		if (held.isEmpty()) {
			return;
		}
		List<String> args = new ArrayList<>(
				List.of(this.group, this.consumer, Long.toString(this.claimTimeout.toMillis() + 1000), HANDED_BACK));
		held.forEach((delivery) -> args.add(delivery.id()));
		Long moved = this.redis.execute(HAND_BACK, List.of(this.stream), args.toArray());
		logger.info("Handed back " + moved + " unfinished third-party task(s) for another worker to claim");
	}

	private void addDelivery(List<TaskDelivery> deliveries, String id, Map<String, String> fields) {
		TaskMessage message;
		try {
			message = TaskMessage.fromFields(fields);
		}
		catch (IllegalArgumentException ex) {
			logger.error("Moving unreadable entry " + id + " of " + this.stream + " to " + this.deadLetters, ex);
			List<String> args = new ArrayList<>(List.of(this.group, id, Long.toString(this.deadLetterMaxLength),
					"error", ex.getMessage(), "entry", id));
			this.redis.execute(DISCARD, List.of(this.stream, this.deadLetters), args.toArray());
			return;
		}
		deliveries.add(new TaskDelivery(id, message));
	}

	private void createGroup() {
		try {
			this.redis.opsForStream().createGroup(this.stream, ReadOffset.from("0"), this.group);
		}
		catch (DataAccessException ex) {
			if (!String.valueOf(ex.getMessage()).contains("BUSYGROUP")
					&& !(ex.getCause() != null && String.valueOf(ex.getCause().getMessage()).contains("BUSYGROUP"))) {
				throw ex;
			}
		}
	}

	private String taskKey(String taskId) {
		return this.prefix + "task:" + taskId;
	}

	/**
	 * The given keys, then the message's idempotency key when it has one (scripts take it
	 * last).
	 */
	private List<String> keys(TaskMessage message, String... fixed) {
		List<String> keys = new ArrayList<>(List.of(fixed));
		if (message.deduplicated()) {
			keys.add(this.prefix + "key:" + message.storeKey());
		}
		return keys;
	}

	private long now() {
		return this.clock.millis();
	}

	private static String consumerName() {
		String runtime = ManagementFactory.getRuntimeMXBean().getName();
		return runtime + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
