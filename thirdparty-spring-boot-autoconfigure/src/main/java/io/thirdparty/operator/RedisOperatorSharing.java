package io.thirdparty.operator;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.thirdparty.cache.redis.RedisAvailability;
import io.thirdparty.cache.redis.RedisChannelSubscription;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;

/**
 * Operator state shared by every instance through Redis. Each change is written to a hash
 * per service, {@code <prefix>service:<service>}, one field per part of the state (see
 * {@link OperatorChange#part()}), and announced on the channel {@code <prefix>changes};
 * every other instance applies it when the announcement arrives. An instance reads the
 * hashes when it starts, every {@code resync-interval}, and when Redis returns after an
 * outage, and applies each part that changed since it last saw it, so an instance started
 * later or cut off from Redis for a while takes the fleet's state at once.
 * <p>
 * Of two changes of one part, the later one (by the time of the instance it was made on)
 * wins. While Redis does not answer, a change applies to this instance only and its
 * answer says it was not shared; it is not written later, and stays on this instance
 * until a later change of the same part comes from the fleet. All Redis work runs on one
 * background thread, and the endpoint waits for a write at most {@code timeout}.
 */
public class RedisOperatorSharing implements OperatorSharing, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisOperatorSharing.class);

	private final StringRedisTemplate redis;

	private final String prefix;

	private final String channel;

	private final String instanceId;

	private final ServiceRegistry services;

	private final OperatorApplier applier;

	private final RedisAvailability availability;

	private final Duration timeout;

	private final Duration resyncInterval;

	private final Clock clock;

	private final OperatorRecords records = new OperatorRecords();

	/** The raw value of each part last applied or written here, by service and part. */
	private final Map<String, String> seen = new ConcurrentHashMap<>();

	private final RedisChannelSubscription subscription;

	private final ScheduledThreadPoolExecutor worker;

	private volatile boolean running;

	/**
	 * Creates the sharing.
	 * @param connectionFactory the application's Redis connection
	 * @param prefix prefix of the hashes and the channel
	 * @param instanceId this instance's id, written with its changes
	 * @param services the configured services
	 * @param applier applies other instances' changes here
	 * @param availability whether Redis may be used now
	 * @param timeout longest wait for a write to Redis
	 * @param resyncInterval how often the hashes are read again
	 * @param clock dates the changes
	 */
	public RedisOperatorSharing(RedisConnectionFactory connectionFactory, String prefix, String instanceId,
			ServiceRegistry services, OperatorApplier applier, RedisAvailability availability, Duration timeout,
			Duration resyncInterval, Clock clock) {
		this.redis = new StringRedisTemplate(connectionFactory);
		this.prefix = prefix;
		this.channel = prefix + "changes";
		this.instanceId = instanceId;
		this.services = services;
		this.applier = applier;
		this.availability = availability;
		this.timeout = timeout;
		this.resyncInterval = resyncInterval;
		this.clock = clock;
		this.subscription = new RedisChannelSubscription(connectionFactory, this.channel, this::onMessage, availability,
				"operator changes");
		CustomizableThreadFactory threads = new CustomizableThreadFactory("thirdparty-operator-state-");
		threads.setDaemon(true);
		this.worker = new ScheduledThreadPoolExecutor(1, threads);
		this.worker.setRemoveOnCancelPolicy(true);
		availability.onRecovery(this::recovered);
	}

	/**
	 * Returns this instance's id.
	 * @return the id written with its changes
	 */
	public String instanceId() {
		return this.instanceId;
	}

	@Override
	public String scope() {
		return FLEET;
	}

	@Override
	public Outcome share(OperatorChange change) {
		Instant now = this.clock.instant();
		String part = change.part();
		String raw = encode(change, this.instanceId, now);
		this.records.put(change.service(), part,
				OperatorRecord.of(change, OperatorRecord.INSTANCE, this.instanceId, now));
		this.seen.put(key(change.service(), part), raw);
		if (!this.availability.shouldTry()) {
			return notShared("Redis is unavailable");
		}
		Future<?> write;
		try {
			write = this.worker.submit(() -> {
				this.redis.opsForHash().put(hash(change.service()), part, raw);
				this.redis.convertAndSend(this.channel,
						this.instanceId + '\n' + change.service() + '\n' + part + '\n' + raw);
			});
		}
		catch (RejectedExecutionException ex) {
			return notShared("this instance is stopping");
		}
		try {
			write.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			this.availability.succeeded();
			return new Outcome(FLEET, true, null);
		}
		catch (TimeoutException ex) {
			write.cancel(true);
			this.availability.failed(ex);
			return notShared("Redis did not answer within " + this.timeout.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			this.availability.failed(ex.getCause());
			return notShared("Redis failed: " + ex.getCause().getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return notShared("interrupted while writing to Redis");
		}
	}

	private static Outcome notShared(String why) {
		return new Outcome(FLEET, false, why + ": the change applies to this instance only and was not shared; the "
				+ "other instances keep the fleet's state, and this one reads it again when Redis returns");
	}

	@Override
	public @Nullable OperatorRecord last(String service, String part) {
		return this.records.get(service, part);
	}

	private void onMessage(Message message, byte[] pattern) {
		String body = new String(message.getBody(), StandardCharsets.UTF_8);
		String[] lines = body.split("\n", 4);
		if (lines.length < 4) {
			logger.debug("Ignoring malformed operator change: " + body);
			return;
		}
		if (lines[0].equals(this.instanceId)) {
			return;
		}
		try {
			this.worker.execute(() -> receive(lines[1], lines[2], lines[3]));
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Operator change not applied: this instance is stopping", ex);
		}
	}

	/**
	 * Reads every configured service's record and applies what changed since last seen.
	 */
	void resync() {
		List<ServiceDefinition> services = new ArrayList<>(this.services.all());
		for (ServiceDefinition service : services) {
			Map<Object, Object> fields = this.redis.opsForHash().entries(hash(service.name()));
			// standing first, then switchover, cache version and breakers
			fields.entrySet()
				.stream()
				.sorted((a, b) -> Integer.compare(order(a.getKey().toString()), order(b.getKey().toString())))
				.forEach((entry) -> receive(service.name(), entry.getKey().toString(), entry.getValue().toString()));
		}
	}

	private static int order(String part) {
		if (part.startsWith("provider:")) {
			return 0;
		}
		if (part.equals("switchover")) {
			return 1;
		}
		return part.equals("cache-version") ? 2 : 3;
	}

	private void receive(String service, String part, String raw) {
		String key = key(service, part);
		String previous = this.seen.get(key);
		if (raw.equals(previous)) {
			return;
		}
		Decoded decoded = decode(service, raw);
		if (decoded == null || !decoded.change().part().equals(part)) {
			logger.debug("Ignoring malformed operator state of service '" + service + "', " + part + ": " + raw);
			return;
		}
		Decoded last = (previous != null) ? decode(service, previous) : null;
		if (last != null && !decoded.at().isAfter(last.at())) {
			// older than what this instance holds, e.g. its own change made while Redis
			// was down
			return;
		}
		this.seen.put(key, raw);
		String origin = decoded.instance().equals(this.instanceId) ? OperatorRecord.INSTANCE : OperatorRecord.FLEET;
		this.records.put(service, part, OperatorRecord.of(decoded.change(), origin, decoded.instance(), decoded.at()));
		try {
			if (this.applier.apply(decoded.change(), "by operator on instance " + decoded.instance())) {
				logger.info("Applied operator change of instance " + decoded.instance() + " to third-party service '"
						+ service + "': " + decoded.change().action().value()
						+ ((decoded.change().provider() != null) ? " " + decoded.change().provider() : "")
						+ ((decoded.change().version() != null) ? " " + decoded.change().version() : ""));
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not apply operator change of instance " + decoded.instance()
					+ " to third-party service '" + service + "': " + raw.replace('\n', ' '), ex);
		}
	}

	private void tick() {
		if (!this.running || !this.availability.shouldTry()) {
			return;
		}
		try {
			resync();
			// after an outage, resubscribes and reads again (recovered)
			this.availability.succeeded();
		}
		catch (RuntimeException ex) {
			this.availability.failed(ex);
		}
	}

	private void recovered() {
		this.subscription.lost();
		if (!this.running) {
			return;
		}
		try {
			this.worker.execute(() -> {
				if (this.subscription.subscribe()) {
					resyncOrFail();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Operator state subscription deferred", ex);
		}
	}

	private void resyncOrFail() {
		try {
			resync();
		}
		catch (RuntimeException ex) {
			this.availability.failed(ex);
		}
	}

	@Override
	public void start() {
		if (this.running) {
			return;
		}
		this.subscription.open();
		this.running = true;
		Future<?> first = this.worker.submit(() -> {
			if (this.subscription.subscribe()) {
				resyncOrFail();
			}
		});
		try {
			first.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			logger.warn("Redis did not answer within " + this.timeout.toMillis() + " ms: the fleet's operator state "
					+ "is applied when it does");
		}
		catch (ExecutionException ex) {
			logger.warn("Could not read the fleet's operator state", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		long every = this.resyncInterval.toMillis();
		this.worker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.running = false;
		this.worker.shutdownNow();
		this.subscription.close();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// before the web server takes traffic
		return 0;
	}

	private String hash(String service) {
		return this.prefix + "service:" + service;
	}

	private static String key(String service, String part) {
		return service + '\n' + part;
	}

	static String encode(OperatorChange change, String instance, Instant at) {
		return change.action().value() + '\n' + ((change.provider() != null) ? change.provider() : "") + '\n'
				+ ((change.version() != null) ? change.version() : "") + '\n' + instance + '\n' + at.toEpochMilli();
	}

	static @Nullable Decoded decode(String service, String raw) {
		String[] fields = raw.split("\n", -1);
		if (fields.length != 5) {
			return null;
		}
		try {
			OperatorAction action = OperatorAction.of(fields[0]);
			OperatorChange change = new OperatorChange(service, fields[1].isEmpty() ? null : fields[1], action,
					fields[2].isEmpty() ? null : fields[2]);
			return new Decoded(change, fields[3], Instant.ofEpochMilli(Long.parseLong(fields[4])));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	record Decoded(OperatorChange change, String instance, Instant at) {
	}

}
