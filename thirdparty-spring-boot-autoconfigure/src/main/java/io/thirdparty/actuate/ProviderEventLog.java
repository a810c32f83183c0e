package io.thirdparty.actuate;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;

import io.thirdparty.Provider;
import io.thirdparty.provider.ProviderFailoverEvent;
import io.thirdparty.provider.ProviderStateChangedEvent;
import io.thirdparty.provider.Secrets;
import io.thirdparty.provider.ServiceDefinition;

/**
 * The last provider events of each service, as the {@code thirdparty} endpoint shows
 * them: every {@link ProviderStateChangedEvent} and {@link ProviderFailoverEvent}, newest
 * first, at most {@value #CAPACITY} per service. An event like the newest one of its
 * service (same kind, same providers) is counted into it instead of added, so that a
 * failover storm does not push the state changes out. Follow configuration reloads: the
 * events of removed services are dropped.
 */
public class ProviderEventLog implements SmartApplicationListener, Consumer<Collection<ServiceDefinition>> {

	/** Most events kept per service. */
	public static final int CAPACITY = 20;

	/** Kind of a failover event. */
	public static final String FAILOVER = "FAILOVER";

	private final Map<String, Deque<RecentEvent>> byService = new ConcurrentHashMap<>();

	private final AtomicLong sequence = new AtomicLong();

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return ProviderStateChangedEvent.class.isAssignableFrom(eventType)
				|| ProviderFailoverEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		Instant at = Instant.ofEpochMilli(event.getTimestamp());
		if (event instanceof ProviderStateChangedEvent changed) {
			Provider provider = changed.getProvider();
			record(provider.service(), changed.getChange().name(), provider.name(), null, changed.getReason(), at);
		}
		else if (event instanceof ProviderFailoverEvent failover) {
			record(failover.getService(), FAILOVER, failover.getTo().name(), failover.getFrom().name(),
					describe(failover.getCause()), at);
		}
	}

	/**
	 * Returns the recent events of a service.
	 * @param service the service name
	 * @return its events, newest first; empty when it has none
	 */
	public List<RecentEvent> recent(String service) {
		Deque<RecentEvent> events = this.byService.get(service);
		if (events == null) {
			return List.of();
		}
		synchronized (events) {
			return List.copyOf(events);
		}
	}

	/**
	 * Drops the events of services no longer configured.
	 * @param services the services now configured
	 */
	@Override
	public void accept(Collection<ServiceDefinition> services) {
		Set<String> names = new HashSet<>();
		services.forEach((service) -> names.add(service.name()));
		this.byService.keySet().retainAll(names);
	}

	private void record(String service, String kind, String provider, @Nullable String from, @Nullable String reason,
			Instant at) {
		Deque<RecentEvent> events = this.byService.computeIfAbsent(service, (name) -> new ArrayDeque<>());
		synchronized (events) {
			long next = this.sequence.incrementAndGet();
			RecentEvent newest = events.peekFirst();
			if (newest != null && newest.kind().equals(kind) && newest.provider().equals(provider)
					&& Objects.equals(newest.from(), from)) {
				events.removeFirst();
				events.addFirst(
						new RecentEvent(next, kind, provider, from, reason, newest.firstAt(), at, newest.count() + 1));
				return;
			}
			events.addFirst(new RecentEvent(next, kind, provider, from, reason, at, at, 1));
			if (events.size() > CAPACITY) {
				events.removeLast();
			}
		}
	}

	private static @Nullable String describe(@Nullable Throwable cause) {
		if (cause == null) {
			return null;
		}
		String message = Secrets.mask(cause.getMessage());
		return cause.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	/**
	 * One event, or several alike in a row.
	 *
	 * @param sequence increases with every event the log records, across services: the
	 * highest is the newest, and it changes when a repeat is counted in
	 * @param kind {@value #FAILOVER} or the {@link ProviderStateChangedEvent.Change} name
	 * ({@code EJECTED}, {@code RESTORED}, {@code DISABLED}, {@code ENABLED},
	 * {@code FORCED}, {@code RELEASED})
	 * @param provider the provider that changed, or the one a call failed over to
	 * @param from for a failover, the provider whose attempt failed; otherwise
	 * {@code null}
	 * @param reason why, in words (for a failover the failure's type and message, secrets
	 * masked), of the latest occurrence
	 * @param firstAt when the first of them happened
	 * @param lastAt when the latest happened
	 * @param count how many happened in a row
	 */
	public record RecentEvent(long sequence, String kind, String provider, @Nullable String from,
			@Nullable String reason, Instant firstAt, Instant lastAt, int count) {

		/**
		 * Creates an event, keeping only the first line of the reason.
		 */
		public RecentEvent {
			if (reason != null) {
				reason = reason.lines().findFirst().orElse("");
			}
		}

	}

}
