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
import org.springframework.data.redis.core.script.RedisScript;

import io.thirdparty.TaskStatus;

/**
 * Queued calls and tasks in Redis: one stream read by every instance's workers through a
 * consumer group, a dead-letter stream, a hash per task holding its state, and a string per
 * idempotency key pointing at its task; each key expires {@code retention} after the task's last
 * change. Every change that touches more than one key is one Lua script, so a crash never leaves
 * a task recorded but not queued, or finished but still queued.
 * <p>
 * A worker receives new messages with {@code XREADGROUP} on a connection of its own, keeps the
 * ones it runs (or will retry) from being claimed by re-claiming them every third of the claim
 * timeout, and takes over messages another consumer has left idle for the claim timeout with
 * {@code XPENDING ... IDLE} and {@code XCLAIM} (the equivalent of {@code XAUTOCLAIM}). On
 * shutdown it hands what it still holds to a parking consumer with an idle time past the claim
 * timeout, so that another instance takes it at once. Acknowledged messages are deleted from the
 * stream, which therefore holds only work not yet done.
 */
public class RedisTaskBackend implements TaskBackend {

	private static final Log logger = LogFactory.getLog(RedisTaskBackend.class);

	/** Consumer that parks handed-back messages until a worker claims them. */
	static final String HANDED_BACK = "handed-back";

	private static final RedisScript<String> SUBMIT = RedisScript.of("""
			local existing = redis.call('GET', KEYS[1])
			if existing then return existing end
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			redis.call('HSET', KEYS[2], 'status', 'PROCESSING', 'kind', ARGV[3], 'name', ARGV[4], 'created', ARGV[5],
				'attempts', '0')
			redis.call('PEXPIRE', KEYS[2], ARGV[2])
			redis.call('XADD', KEYS[3], '*', unpack(ARGV, 6))
			return ARGV[1]
			""", String.class);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> BEGIN = RedisScript.of("""
			local status = redis.call('HGET', KEYS[1], 'status')
			if status == 'SUCCESS' or status == 'FAILED' then
				return {status, redis.call('HGET', KEYS[1], 'attempts') or '0', redis.call('HGET', KEYS[1], 'error') or ''}
			end
			if not status then
				redis.call('HSET', KEYS[1], 'status', 'PROCESSING', 'kind', ARGV[2], 'name', ARGV[3], 'created', ARGV[4])
				redis.call('SET', KEYS[2], ARGV[5], 'PX', ARGV[1])
			end
			local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
			redis.call('PEXPIRE', KEYS[1], ARGV[1])
			redis.call('PEXPIRE', KEYS[2], ARGV[1])
			return {'PROCESSING', tostring(attempts), redis.call('HGET', KEYS[1], 'error') or ''}
			""", List.class);

	private static final RedisScript<Long> SUCCEED = RedisScript.of("""
			redis.call('HSET', KEYS[1], 'status', 'SUCCESS', 'result', ARGV[4], 'finished', ARGV[5])
			redis.call('HDEL', KEYS[1], 'error')
			redis.call('PEXPIRE', KEYS[1], ARGV[3])
			redis.call('PEXPIRE', KEYS[2], ARGV[3])
			redis.call('XACK', KEYS[3], ARGV[1], ARGV[2])
			return redis.call('XDEL', KEYS[3], ARGV[2])
			""", Long.class);

	private static final RedisScript<Long> RECORD_FAILURE = RedisScript.of("""
			redis.call('HSET', KEYS[1], 'error', ARGV[2])
			redis.call('PEXPIRE', KEYS[1], ARGV[1])
			return redis.call('PEXPIRE', KEYS[2], ARGV[1])
			""", Long.class);

	private static final RedisScript<Long> DEAD_LETTER = RedisScript.of("""
			redis.call('HSET', KEYS[1], 'status', 'FAILED', 'error', ARGV[4], 'finished', ARGV[5])
			redis.call('PEXPIRE', KEYS[1], ARGV[3])
			redis.call('PEXPIRE', KEYS[2], ARGV[3])
			redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[6], '*', unpack(ARGV, 7))
			redis.call('XACK', KEYS[3], ARGV[1], ARGV[2])
			return redis.call('XDEL', KEYS[3], ARGV[2])
			""", Long.class);

	private static final RedisScript<Long> DISCARD = RedisScript.of("""
			redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', unpack(ARGV, 4))
			redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
			return redis.call('XDEL', KEYS[1], ARGV[2])
			""", Long.class);

	private static final RedisScript<Long> ACKNOWLEDGE = RedisScript.of("""
			redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
			return redis.call('XDEL', KEYS[1], ARGV[2])
			""", Long.class);

	/**
	 * Re-claims the given entries for their owner (resetting their idle time); returns the ones
	 * another consumer owns now. Entries no longer pending (just settled) are skipped.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> KEEP_ALIVE = RedisScript.of("""
			local lost = {}
			for i = 3, #ARGV do
				local entry = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
				if entry[1] then
					if entry[1][2] == ARGV[2] then
						redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
					else
						table.insert(lost, ARGV[i])
					end
				end
			end
			return lost
			""", List.class);

	/** Moves the given entries of an owner to the parking consumer, already idle past the claim timeout. */
	private static final RedisScript<Long> HAND_BACK = RedisScript.of("""
			local moved = 0
			for i = 5, #ARGV do
				local entry = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
				if entry[1] and entry[1][2] == ARGV[2] then
					redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[4], 0, ARGV[i], 'IDLE', ARGV[3], 'JUSTID')
					moved = moved + 1
				end
			end
			return moved
			""", Long.class);

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
	 * @param properties the asynchronous settings (key prefix, group, retention, claim timeout)
	 * @param clock the clock
	 */
	public RedisTaskBackend(RedisConnectionFactory connectionFactory, ThirdPartyAsyncProperties properties, Clock clock) {
		this.connectionFactory = connectionFactory;
		this.redis = new StringRedisTemplate(connectionFactory);
		this.prefix = properties.getKeyPrefix();
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
		return this.redis.execute(SUBMIT, List.of(idempotencyKey(message), taskKey(message.taskId()), this.stream),
				args.toArray());
	}

	@Override
	public Optional<TaskRecord> find(String taskId) {
		Map<Object, Object> hash = this.redis.opsForHash().entries(taskKey(taskId));
		if (hash.isEmpty() || hash.get("status") == null) {
			return Optional.empty();
		}
		return Optional.of(new TaskRecord(taskId, TaskStatus.valueOf((String) hash.get("status")),
				(String) hash.get("result"), (String) hash.get("error"),
				Integer.parseInt((String) hash.getOrDefault("attempts", "0"))));
	}

	@Override
	public boolean durable() {
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
				.xReadGroup(Consumer.from(this.group, this.consumer), StreamReadOptions.empty().count(max).block(timeout),
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
	public List<TaskDelivery> claimAbandoned(int max, Collection<String> held) {
		PendingMessages pending = this.redis.opsForStream()
			.pending(this.stream, this.group, Range.unbounded(), max + held.size(), this.claimTimeout);
		List<String> ids = new ArrayList<>();
		for (PendingMessage message : pending) {
			String id = message.getIdAsString();
			if (!held.contains(id) && ids.size() < max) {
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
		List<?> state = this.redis.execute(BEGIN, List.of(taskKey(message.taskId()), idempotencyKey(message)),
				Long.toString(this.retention.toMillis()), message.kind().name(), message.name(), Long.toString(now()),
				message.taskId());
		String error = (String) state.get(2);
		return new Start(TaskStatus.valueOf((String) state.get(0)), Integer.parseInt((String) state.get(1)),
				error.isEmpty() ? null : error);
	}

	@Override
	public void succeed(TaskDelivery delivery, String result) {
		TaskMessage message = delivery.message();
		this.redis.execute(SUCCEED, List.of(taskKey(message.taskId()), idempotencyKey(message), this.stream), this.group,
				delivery.id(), Long.toString(this.retention.toMillis()), result, Long.toString(now()));
	}

	@Override
	public void recordFailure(TaskDelivery delivery, String error) {
		TaskMessage message = delivery.message();
		this.redis.execute(RECORD_FAILURE, List.of(taskKey(message.taskId()), idempotencyKey(message)),
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
		this.redis.execute(DEAD_LETTER,
				List.of(taskKey(message.taskId()), idempotencyKey(message), this.stream, this.deadLetters),
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
		List<String> args = new ArrayList<>(List.of(this.group, this.consumer,
				Long.toString(this.claimTimeout.toMillis() + 1000), HANDED_BACK));
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
			List<String> args = new ArrayList<>(
					List.of(this.group, id, Long.toString(this.deadLetterMaxLength), "error", ex.getMessage(), "entry", id));
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

	private String idempotencyKey(TaskMessage message) {
		return this.prefix + "key:" + message.storeKey();
	}

	private long now() {
		return this.clock.millis();
	}

	private static String consumerName() {
		String runtime = ManagementFactory.getRuntimeMXBean().getName();
		return runtime + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
