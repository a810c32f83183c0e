package io.thirdparty.cache.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.thirdparty.cache.CacheRefreshChannel;

/**
 * Cache refreshes on a Redis pub/sub channel,
 * {@code <key-prefix>thirdparty:cache:refresh}: each message is JSON
 * {@code {"service":"price","keys":["SKU-7","SKU-9"]}} (no {@code keys}, or an empty
 * array, for every key of the service), and every instance evicts those keys from its
 * cache. Any system may publish one; the starter's own messages also carry
 * {@code origin}, the sending instance, which ignores its own. Messages are sent from one
 * background thread; while Redis is unavailable ({@link RedisAvailability}) none is sent
 * (counted as dropped {@code cache-refresh}) and the refresh applies in the sending
 * instance only.
 */
public class RedisCacheRefreshChannel implements CacheRefreshChannel, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisCacheRefreshChannel.class);

	private final StringRedisTemplate redis;

	private final String channel;

	private final String instanceId;

	private final RedisAvailability availability;

	private final JsonMapper json = JsonMapper.builder().build();

	private final RedisMessageListenerContainer container = new RedisMessageListenerContainer();

	private final ThreadPoolExecutor sender;

	private volatile BiConsumer<String, List<String>> receiver = (service, keys) -> {
	};

	private volatile boolean running;

	/**
	 * Creates the channel's publisher and listener.
	 * @param connectionFactory the application's Redis connection
	 * @param channel the channel name
	 * @param instanceId this instance's identity, to ignore its own messages
	 * @param availability whether Redis may be used now
	 */
	public RedisCacheRefreshChannel(RedisConnectionFactory connectionFactory, String channel, String instanceId,
			RedisAvailability availability) {
		this.redis = new StringRedisTemplate(connectionFactory);
		this.channel = channel;
		this.instanceId = instanceId;
		this.availability = availability;
		this.container.setConnectionFactory(connectionFactory);
		this.container.setTaskExecutor(new SyncTaskExecutor());
		this.container.addMessageListener(this::onMessage, new ChannelTopic(channel));
		CustomizableThreadFactory threads = new CustomizableThreadFactory("thirdparty-cache-refresh-");
		threads.setDaemon(true);
		this.sender = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1_000), threads);
		this.sender.allowCoreThreadTimeOut(true);
	}

	/**
	 * Returns the channel's name.
	 * @return the channel
	 */
	public String channel() {
		return this.channel;
	}

	@Override
	public void receive(BiConsumer<String, List<String>> receiver) {
		this.receiver = receiver;
	}

	@Override
	public boolean send(String service, List<String> keys) {
		if (!this.availability.isUp()) {
			this.availability.dropped(RedisAvailability.DROPPED_CACHE_REFRESH);
			return false;
		}
		String message = this.json.writeValueAsString(new RefreshMessage(service, keys, this.instanceId));
		try {
			this.sender.execute(() -> {
				try {
					this.redis.convertAndSend(this.channel, message);
				}
				catch (RuntimeException ex) {
					this.availability.failed(ex);
					this.availability.dropped(RedisAvailability.DROPPED_CACHE_REFRESH);
				}
			});
			return true;
		}
		catch (RejectedExecutionException ex) {
			logger.warn("A cache refresh of '" + service + "' was not sent to the other instances: too many pending");
			this.availability.dropped(RedisAvailability.DROPPED_CACHE_REFRESH);
			return false;
		}
	}

	private void onMessage(Message message, byte[] pattern) {
		String body = new String(message.getBody(), StandardCharsets.UTF_8);
		RefreshMessage refresh;
		try {
			refresh = this.json.readValue(body, RefreshMessage.class);
		}
		catch (JacksonException ex) {
			logger.warn("Ignoring a message on " + this.channel + " that is not "
					+ "{\"service\":\"<service>\",\"keys\":[\"<key>\",...]}: " + ex.getOriginalMessage());
			return;
		}
		if (refresh.service() == null || refresh.service().isBlank()) {
			logger.warn("Ignoring a message on " + this.channel + " without a service");
			return;
		}
		if (this.instanceId.equals(refresh.origin())) {
			return;
		}
		List<String> keys = (refresh.keys() != null) ? refresh.keys().stream().filter((key) -> key != null).toList()
				: List.of();
		this.receiver.accept(refresh.service(), keys);
	}

	@Override
	public void start() {
		if (this.running) {
			return;
		}
		this.container.afterPropertiesSet();
		try {
			this.container.start();
		}
		catch (RuntimeException ex) {
			// the container subscribes again by itself once Redis is reachable
			this.availability.failed(ex);
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.sender.shutdown();
		try {
			this.container.destroy();
		}
		catch (Exception ex) {
			logger.warn("Could not stop listening for cache refreshes", ex);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * A message of the channel.
	 *
	 * @param service the service whose keys are evicted
	 * @param keys the keys' texts; none for every key of the service
	 * @param origin the instance that sent it, if it was one of the starter's
	 */
	record RefreshMessage(String service, List<String> keys, String origin) {
	}

}
