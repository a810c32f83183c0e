package io.thirdparty.callback;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

import io.thirdparty.callback.CallbackProperties.Limit;

/**
 * Resilience4j rate limiters of callbacks: one per provider
 * ({@code callback.<service>.<provider>}) and one per source address, the latter kept in
 * a bounded Caffeine cache and forgotten when unused. A limit changed at run time applies
 * to the next request.
 */
public class CallbackRateLimiters {

	private static final long MAX_SOURCES = 100_000;

	private final CallbackSettings settings;

	private final Map<String, Limited> providers = new ConcurrentHashMap<>();

	private final Cache<String, Limited> sources;

	/**
	 * Creates the limiters.
	 * @param settings the callback settings, whose limits are read on each request
	 */
	public CallbackRateLimiters(CallbackSettings settings) {
		this.settings = settings;
		Limit perSource = settings.current().properties().getRateLimit().getPerSource();
		Duration idle = perSource.getPeriod().compareTo(Duration.ofMinutes(1)) > 0 ? perSource.getPeriod()
				: Duration.ofMinutes(1);
		this.sources = Caffeine.newBuilder().maximumSize(MAX_SOURCES).expireAfterAccess(idle).build();
	}

	/**
	 * Takes a permit for a source address.
	 * @param address the source address
	 * @return {@code true} when the request is within the limit
	 */
	public boolean acquireForSource(String address) {
		Limit perSource = this.settings.current().properties().getRateLimit().getPerSource();
		if (perSource.getLimit() <= 0) {
			return true;
		}
		Limited limited = this.sources.get(address, (key) -> Limited.of("callback.source." + key, perSource));
		return current(limited, perSource, (fresh) -> this.sources.put(address, fresh)).acquire();
	}

	/**
	 * Takes a permit for a provider.
	 * @param providerId the provider's id, {@code <service>.<provider>}
	 * @return {@code true} when the request is within the limit
	 */
	public boolean acquireForProvider(String providerId) {
		Limit perProvider = this.settings.current().properties().getRateLimit().getPerProvider();
		if (perProvider.getLimit() <= 0) {
			return true;
		}
		Limited limited = this.providers.computeIfAbsent(providerId,
				(key) -> Limited.of("callback." + key, perProvider));
		return current(limited, perProvider, (fresh) -> this.providers.put(providerId, fresh)).acquire();
	}

	/**
	 * Returns the limit's period in whole seconds, at least 1, for a Retry-After answer.
	 * @param refusal the refusal
	 * @return the seconds
	 */
	public long retryAfterSeconds(CallbackRefusal refusal) {
		CallbackProperties.RateLimits limits = this.settings.current().properties().getRateLimit();
		Limit limit = (refusal == CallbackRefusal.TOO_MANY_FROM_PROVIDER) ? limits.getPerProvider()
				: limits.getPerSource();
		return Math.max(1, (limit.getPeriod().toMillis() + 999) / 1000);
	}

	private static Limited current(Limited limited, Limit limit, Consumer<Limited> replace) {
		if (limited.limit == limit.getLimit() && limited.period.equals(limit.getPeriod())) {
			return limited;
		}
		Limited fresh = Limited.of(limited.limiter.getName(), limit);
		replace.accept(fresh);
		return fresh;
	}

	/**
	 * A limiter with the settings it was made with.
	 */
	private static final class Limited {

		private final RateLimiter limiter;

		private final int limit;

		private final Duration period;

		private Limited(RateLimiter limiter, int limit, Duration period) {
			this.limiter = limiter;
			this.limit = limit;
			this.period = period;
		}

		static Limited of(String name, Limit limit) {
			RateLimiterConfig config = RateLimiterConfig.custom()
				.limitForPeriod(limit.getLimit())
				.limitRefreshPeriod(limit.getPeriod())
				.timeoutDuration(Duration.ZERO)
				.build();
			return new Limited(RateLimiter.of(name, config), limit.getLimit(), limit.getPeriod());
		}

		boolean acquire() {
			return this.limiter.acquirePermission();
		}

	}

}
