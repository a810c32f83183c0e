package io.thirdparty.cache.redis;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * One listener on one Redis channel, subscribed on demand and again after Redis comes
 * back: a failed subscription counts as a Redis failure of the starter's one
 * {@link RedisAvailability}. Messages are handled on the container's listening thread.
 */
public final class RedisChannelSubscription {

	private static final Log logger = LogFactory.getLog(RedisChannelSubscription.class);

	private final RedisMessageListenerContainer container = new RedisMessageListenerContainer();

	private final RedisAvailability availability;

	private final String what;

	private volatile boolean subscribed;

	/**
	 * Creates the subscription; nothing is subscribed before {@link #open()} and
	 * {@link #subscribe()}.
	 * @param connectionFactory the application's Redis connection
	 * @param channel the channel
	 * @param listener handles its messages
	 * @param availability whether Redis may be used now
	 * @param what what is listened for, for the log, e.g. {@code "cache invalidations"}
	 */
	public RedisChannelSubscription(RedisConnectionFactory connectionFactory, String channel, MessageListener listener,
			RedisAvailability availability, String what) {
		this.availability = availability;
		this.what = what;
		this.container.setConnectionFactory(connectionFactory);
		this.container.setTaskExecutor(new SyncTaskExecutor());
		this.container.addMessageListener(listener, new ChannelTopic(channel));
	}

	/**
	 * Prepares the listener container; called once, before the first
	 * {@link #subscribe()}.
	 */
	public void open() {
		this.container.afterPropertiesSet();
	}

	/**
	 * Subscribes unless already subscribed; a failure is reported to the availability.
	 * @return whether the channel is subscribed now
	 */
	public synchronized boolean subscribe() {
		if (this.subscribed) {
			return true;
		}
		try {
			this.container.stop();
			this.container.start();
			this.subscribed = true;
		}
		catch (RuntimeException ex) {
			this.availability.failed(ex);
		}
		return this.subscribed;
	}

	/**
	 * Returns whether the channel is subscribed.
	 * @return {@code true} once {@link #subscribe()} succeeded, until {@link #lost()}
	 */
	public boolean isSubscribed() {
		return this.subscribed;
	}

	/**
	 * Marks the subscription as lost (Redis went away): the next {@link #subscribe()}
	 * makes it again.
	 */
	public void lost() {
		this.subscribed = false;
	}

	/** Stops listening for good. */
	public void close() {
		this.subscribed = false;
		try {
			this.container.destroy();
		}
		catch (Exception ex) {
			logger.warn("Could not stop listening for " + this.what, ex);
		}
	}

}
