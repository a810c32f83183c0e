package io.thirdparty.quota;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.thirdparty.Provider;
import io.thirdparty.cache.redis.RedisAvailability;
import io.thirdparty.config.ServiceProperties;

/**
 * Creates and keeps the {@link Quota} of every service and provider that has one, keyed
 * by {@code <service>} and {@code <service>.<provider>}, across configuration reloads: a
 * quota whose settings did not change keeps its state, a changed one starts afresh.
 * <p>
 * With {@link SharedQuotaBuckets} every quota is one bucket shared by every instance,
 * under {@code <key-prefix>thirdparty:quota:<service|provider>:<id>:<limit>/<period>};
 * the limit and period are part of the key, so instances that disagree during a rolling
 * change do not share a bucket of two sizes. Without it each instance counts alone (and
 * logs so once).
 */
public class Quotas {

	private static final Log logger = LogFactory.getLog(Quotas.class);

	private final SharedQuotaBuckets shared;

	private final Clock clock;

	private final String keyPrefix;

	private final RedisAvailability availability;

	private final Duration retryInterval;

	private final Map<String, Quota> quotas = new ConcurrentHashMap<>();

	private final AtomicBoolean warnedLocal = new AtomicBoolean();

	/**
	 * Creates a store whose quotas each instance counts alone.
	 * @param clock the time
	 */
	public Quotas(Clock clock) {
		this(null, clock, new RedisAvailability(clock, Duration.ofSeconds(5)), Duration.ofSeconds(5), "");
	}

	/**
	 * Creates a store.
	 * @param shared buckets every instance shares, or {@code null} for quotas per
	 * instance
	 * @param clock the time
	 * @param availability the starter's Redis outage tracker, shared with its other users
	 * of Redis: a failure of the shared buckets is an outage for all of them, and quotas
	 * count locally until it ends
	 * @param retryInterval how long that tracker leaves Redis alone after a failure
	 * @param keyPrefix prefix of the shared buckets' keys
	 */
	public Quotas(SharedQuotaBuckets shared, Clock clock, RedisAvailability availability, Duration retryInterval,
			String keyPrefix) {
		this.shared = shared;
		this.clock = clock;
		this.keyPrefix = keyPrefix;
		this.retryInterval = retryInterval;
		this.availability = availability;
	}

	/**
	 * Returns whether the quotas are shared by every instance.
	 * @return {@code false} when each instance counts alone
	 */
	public boolean isShared() {
		return this.shared != null;
	}

	/**
	 * Returns whether the shared buckets are believed reachable.
	 * @return {@code false} during an outage or without shared buckets
	 */
	public boolean isSharedUp() {
		return this.shared != null && this.availability.isUp();
	}

	/**
	 * Returns the quota of a whole service for its current settings.
	 * @param service the service's name
	 * @param settings the service's settings
	 * @return the quota, or {@code null} when the service has none
	 */
	public Quota forService(String service, ServiceProperties settings) {
		QuotaSettings quota = QuotaSettings.of(settings.getQuota(), settings.getQuota().getLocalShare());
		return obtain("service:" + service, "service '" + service + "'", quota);
	}

	/**
	 * Returns the quota of a provider for its current settings.
	 * @param provider the provider
	 * @param properties the provider's settings
	 * @param settings the settings of its service, whose local share applies
	 * @return the quota, or {@code null} when the provider has none
	 */
	public Quota forProvider(Provider provider, ServiceProperties.ProviderProperties properties,
			ServiceProperties settings) {
		QuotaSettings quota = QuotaSettings.of(properties.getQuota(), settings.getQuota().getLocalShare());
		return obtain("provider:" + provider.id(), "provider '" + provider.id() + "'", quota);
	}

	/**
	 * Drops the quotas no longer configured.
	 * @param ids the identifiers that remain: service names and
	 * {@code <service>.<provider>}
	 */
	public void retain(Set<String> ids) {
		this.quotas.keySet().removeIf((id) -> !ids.contains(id.substring(id.indexOf(':') + 1)));
	}

	private Quota obtain(String id, String scope, QuotaSettings settings) {
		if (settings == null) {
			this.quotas.remove(id);
			return null;
		}
		if (this.shared == null && this.warnedLocal.compareAndSet(false, true)) {
			logger.warn("Third-party quotas are counted by each instance alone (no Lettuce connection to Redis): "
					+ "n instances may send up to n times each limit. Add spring-boot-starter-data-redis to share them.");
		}
		return this.quotas.compute(id,
				(key, existing) -> (existing != null && existing.settings().equals(settings)) ? existing
						: new Quota(scope, settings, this.clock, this.shared, redisKey(id, settings), this.availability,
								this.retryInterval));
	}

	private String redisKey(String id, QuotaSettings settings) {
		return this.keyPrefix + "thirdparty:quota:" + id + ":" + settings.limit() + "/" + settings.period().toMillis()
				+ "ms";
	}

}
