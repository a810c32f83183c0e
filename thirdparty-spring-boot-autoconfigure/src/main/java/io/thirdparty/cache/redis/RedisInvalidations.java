package io.thirdparty.cache.redis;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.TaskDecorator;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.thirdparty.cache.EntryCache;

/**
 * Keeps the in-memory level of two-level caches coherent across instances: announces each
 * write and eviction on a Redis pub/sub channel, and drops the in-memory copy when
 * another instance announces one. Announcements are sent from one background thread,
 * never from the caller's.
 * <p>
 * An announcement that cannot be sent (Redis unavailable, or too many pending) is counted
 * as dropped and its service remembered. Whenever announcements may have been missed,
 * every in-memory level is cleared: when this instance's outage ends
 * ({@link RedisAvailability}), and when its subscription to the channel is made again
 * after being lost, which also tells an instance that never noticed the outage itself (it
 * answered from memory throughout). Then a clear of each service whose announcements were
 * dropped is announced, for the instances whose subscription was never lost.
 */
public class RedisInvalidations implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisInvalidations.class);

	private final StringRedisTemplate redis;

	private final String channel;

	private final String instanceId;

	private final RedisAvailability availability;

	private final RedisChannelSubscription subscription;

	private final Map<String, EntryCache> locals = new ConcurrentHashMap<>();

	private final ThreadPoolExecutor sender;

	private final TaskDecorator decorator;

	/** Services whose announcements were dropped since the last resynchronisation. */
	private final Set<String> unannounced = ConcurrentHashMap.newKeySet();

	/**
	 * Whether the channel was ever subscribed to: a later subscription follows a lost
	 * one.
	 */
	private final AtomicBoolean subscribedOnce = new AtomicBoolean();

	private volatile boolean running;

	/**
	 * Creates the channel's publisher and listener.
	 * @param connectionFactory the application's Redis connection
	 * @param channel the channel name
	 * @param instanceId this instance's identity, to ignore its own announcements
	 * @param availability whether Redis may be used now
	 * @param decorator carries the caller's context to the sending thread
	 */
	public RedisInvalidations(RedisConnectionFactory connectionFactory, String channel, String instanceId,
			RedisAvailability availability, TaskDecorator decorator) {
		this.redis = new StringRedisTemplate(connectionFactory);
		this.channel = channel;
		this.instanceId = instanceId;
		this.availability = availability;
		this.decorator = decorator;
		this.subscription = new RedisChannelSubscription(connectionFactory, channel, new Listener(), availability,
				"cache invalidations");
		CustomizableThreadFactory threads = new CustomizableThreadFactory("thirdparty-cache-invalidation-");
		threads.setDaemon(true);
		this.sender = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), threads);
		this.sender.allowCoreThreadTimeOut(true);
		availability.onRecovery(this::recovered);
	}

	/**
	 * Registers the in-memory level of a service's cache, to be evicted from other
	 * instances.
	 * @param service the service name
	 * @param local its in-memory level
	 */
	public void register(String service, EntryCache local) {
		this.locals.put(service, local);
	}

	/**
	 * Announces that a key of a service changed or was evicted.
	 * @param service the service name
	 * @param key the key
	 */
	public void evicted(String service, String key) {
		send(service, this.instanceId + '\n' + service + "\nk" + key);
	}

	/**
	 * Announces that a service's cache was cleared.
	 * @param service the service name
	 */
	public void cleared(String service) {
		send(service, this.instanceId + '\n' + service + "\nc");
	}

	private void send(String service, String message) {
		if (!this.availability.isUp()) {
			dropped(service);
			return;
		}
		try {
			this.sender.execute(this.decorator.decorate(() -> {
				try {
					this.redis.convertAndSend(this.channel, message);
				}
				catch (RuntimeException ex) {
					this.availability.failed(ex);
					dropped(service);
				}
			}));
		}
		catch (RejectedExecutionException ex) {
			// too many pending, or stopped: counted and made good by the next
			// resynchronisation
			dropped(service);
		}
	}

	private void dropped(String service) {
		this.unannounced.add(service);
		this.availability.dropped(RedisAvailability.DROPPED_INVALIDATION);
	}

	private void onMessage(Message message, byte[] pattern) {
		String body = new String(message.getBody(), StandardCharsets.UTF_8);
		int first = body.indexOf('\n');
		int second = (first >= 0) ? body.indexOf('\n', first + 1) : -1;
		if (second < 0 || second + 1 >= body.length()) {
			logger.debug("Ignoring malformed cache invalidation: " + body);
			return;
		}
		if (body.regionMatches(0, this.instanceId, 0, first) && first == this.instanceId.length()) {
			return;
		}
		EntryCache local = this.locals.get(body.substring(first + 1, second));
		if (local == null) {
			return;
		}
		if (body.charAt(second + 1) == 'k') {
			local.evict(body.substring(second + 2));
		}
		else {
			local.clear();
		}
	}

	/**
	 * The subscription was made again after being lost: announcements may have been
	 * missed.
	 */
	private void resubscribed() {
		if (this.availability.isUp()) {
			resynchronise();
		}
		else {
			// the outage ends here, and its recovery resynchronises
			this.availability.succeeded();
		}
	}

	private void recovered() {
		resynchronise();
		if (this.running && !this.subscription.isSubscribed()) {
			try {
				this.sender.execute(this.subscription::subscribe);
			}
			catch (RejectedExecutionException ex) {
				logger.debug("Cache invalidation subscription deferred", ex);
			}
		}
	}

	/**
	 * Clears every in-memory level, since announcements may have been missed, and
	 * announces a clear of each service whose own announcements were dropped.
	 */
	private void resynchronise() {
		if (!this.locals.isEmpty()) {
			logger.info("Clearing the in-memory level of " + this.locals.size() + " two-level third-party cache(s): "
					+ "invalidations from other instances may have been missed while Redis was unreachable");
			this.locals.values().forEach(EntryCache::clear);
		}
		for (String service : this.unannounced) {
			this.unannounced.remove(service);
			cleared(service);
		}
	}

	@Override
	public void start() {
		if (this.running) {
			return;
		}
		this.subscription.open();
		this.running = true;
		this.subscription.subscribe();
	}

	@Override
	public void stop() {
		this.running = false;
		this.sender.shutdown();
		this.subscription.close();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Receives the channel's announcements and learns when its subscription is made. */
	private final class Listener implements MessageListener, SubscriptionListener {

		@Override
		public void onMessage(Message message, byte[] pattern) {
			RedisInvalidations.this.onMessage(message, pattern);
		}

		@Override
		public void onChannelSubscribed(byte[] channel, long count) {
			if (RedisInvalidations.this.subscribedOnce.getAndSet(true)) {
				resubscribed();
			}
		}

	}

}
