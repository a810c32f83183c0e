package io.thirdparty.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;

/**
 * Drops cached results of a service on every instance: on a {@link CacheRefreshEvent}, on
 * a message of the {@link CacheRefreshChannel}, and for the {@code thirdparty} endpoint's
 * cache eviction. The keys are evicted in this instance at once (from the shared store
 * too, with the Redis backends) and sent to the other instances, which evict them from
 * their own caches.
 */
public class CacheRefreshes {

	private static final Log logger = LogFactory.getLog(CacheRefreshes.class);

	private final ServiceCaches caches;

	private final CacheKeys keys;

	private final CacheRefreshChannel channel;

	/**
	 * Creates the refreshes.
	 * @param caches the services' caches
	 * @param keys writes key values as the calls do
	 * @param channel reaches the other instances
	 */
	public CacheRefreshes(ServiceCaches caches, CacheKeys keys, CacheRefreshChannel channel) {
		this.caches = caches;
		this.keys = keys;
		this.channel = channel;
		channel.receive(this::apply);
	}

	/**
	 * Applies a published event.
	 * @param event the event
	 */
	@EventListener
	public void onRefresh(CacheRefreshEvent event) {
		refresh(event.service(), event.keys());
	}

	/**
	 * Evicts keys of a service in this instance and sends them to the others.
	 * @param service the service name
	 * @param values the keys' values, as {@code @ThirdPartyCall(key)} evaluates them;
	 * empty for every key of the service
	 * @return how far it reached; {@link Reach#NO_CACHE} when the service has no cache
	 * here
	 */
	public Reach refresh(String service, Collection<?> values) {
		List<String> texts = new ArrayList<>(values.size());
		for (Object value : values) {
			String text = this.keys.keyText(value);
			if (text != null) {
				texts.add(text);
			}
			else {
				logger.warn("A cache refresh of '" + service + "' names a key value with no stable text ("
						+ ((value != null) ? value.getClass().getName() : "null") + "); it is skipped");
			}
		}
		if (texts.isEmpty() && !values.isEmpty()) {
			// every key named was skipped: nothing to evict, and not the whole service
			// either
			return (this.caches.cache(service) != null) ? Reach.THIS_INSTANCE : Reach.NO_CACHE;
		}
		if (!apply(service, texts)) {
			return Reach.NO_CACHE;
		}
		return this.channel.send(service, texts) ? Reach.EVERY_INSTANCE : Reach.THIS_INSTANCE;
	}

	/**
	 * Evicts keys of a service in this instance, as another instance asked.
	 * @param service the service name
	 * @param texts the keys' texts; empty for every key
	 * @return {@code false} when the service has no cache here
	 */
	public boolean apply(String service, Collection<String> texts) {
		return texts.isEmpty() ? this.caches.clear(service) : this.caches.evictTexts(service, texts);
	}

	/**
	 * How far a refresh reached.
	 */
	public enum Reach {

		/** Applied here and sent to every other instance. */
		EVERY_INSTANCE,

		/**
		 * Applied here only: no channel to the other instances, or it is unavailable now.
		 */
		THIS_INSTANCE,

		/** The service has no cache. */
		NO_CACHE

	}

}
