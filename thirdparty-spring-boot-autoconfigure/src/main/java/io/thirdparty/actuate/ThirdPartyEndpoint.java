package io.thirdparty.actuate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import io.thirdparty.Provider;
import io.thirdparty.operator.LocalOperatorSharing;
import io.thirdparty.operator.OperatorAction;
import io.thirdparty.operator.OperatorChange;
import io.thirdparty.operator.OperatorRecord;
import io.thirdparty.operator.OperatorSharing;
import io.thirdparty.provider.ProviderControl;
import io.thirdparty.provider.ProviderState;
import io.thirdparty.provider.ProviderState.CheckStatus;
import io.thirdparty.provider.ProviderStatus;
import io.thirdparty.provider.Secrets;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;
import io.thirdparty.provider.Strategy;

/**
 * The {@code thirdparty} Actuator endpoint: every service with its providers' state,
 * traffic and breaker, and the operator actions on them (disable, enable, force, release,
 * reset a breaker, set a cache version). A lookup never creates anything; an unknown name
 * answers {@code null} (404 over HTTP).
 * <p>
 * Its default access is read-only, as Boot keeps {@code shutdown} off: a write operation
 * takes a vendor out of the traffic, gives it all the traffic, or changes every cache key
 * of a service. An application turns them on with
 * {@code management.endpoint.thirdparty.access=unrestricted}.
 * <p>
 * With Redis, an action applies to every instance of the application
 * ({@link OperatorSharing}); the answer to an action says how far it reached
 * ({@code operator.scope}, {@code operator.shared}).
 */
@Endpoint(id = "thirdparty", defaultAccess = Access.READ_ONLY)
public class ThirdPartyEndpoint {

	/** Longest cache version {@code cache-version} accepts. */
	public static final int MAX_VERSION_LENGTH = 64;

	private static final Pattern CACHE_VERSION = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_VERSION_LENGTH + "}");

	private final ServiceRegistry services;

	private final ProviderControl control;

	private final CacheOperations cache;

	private final OperatorSharing sharing;

	private final @Nullable TrafficStatistics traffic;

	private final @Nullable ProviderEventLog events;

	/**
	 * Creates the endpoint without traffic statistics or recent events.
	 * @param services the configured services
	 * @param control carries out operator actions
	 * @param cache the cache's operations, or {@code null} when there is no cache
	 */
	public ThirdPartyEndpoint(ServiceRegistry services, ProviderControl control, @Nullable CacheOperations cache) {
		this(services, control, cache, new LocalOperatorSharing("local", Clock.systemUTC()), null, null);
	}

	/**
	 * Creates the endpoint.
	 * @param services the configured services
	 * @param control carries out operator actions
	 * @param cache the cache's operations, or {@code null} when there is no cache
	 * @param sharing passes operator actions on to the other instances
	 * @param traffic recent traffic, or {@code null} when there are no metrics
	 * @param events the recent provider events, or {@code null} when they are not
	 * recorded
	 */
	public ThirdPartyEndpoint(ServiceRegistry services, ProviderControl control, @Nullable CacheOperations cache,
			OperatorSharing sharing, @Nullable TrafficStatistics traffic, @Nullable ProviderEventLog events) {
		this.services = services;
		this.control = control;
		this.cache = cache;
		this.sharing = sharing;
		this.traffic = traffic;
		this.events = events;
	}

	/**
	 * Describes every service.
	 * @return the services
	 */
	@ReadOperation
	public ServicesDescriptor services() {
		Map<String, ServiceDescriptor> descriptors = new LinkedHashMap<>();
		for (ServiceDefinition service : this.services.all()) {
			descriptors.put(service.name(), describe(service));
		}
		return new ServicesDescriptor(descriptors);
	}

	/**
	 * Describes one service.
	 * @param service the service name
	 * @return the service, or {@code null} when there is no such service
	 */
	@ReadOperation
	public @Nullable ServiceDescriptor service(@Selector String service) {
		ServiceDefinition definition = this.services.get(service);
		return (definition != null) ? describe(definition) : null;
	}

	/**
	 * Describes one provider.
	 * @param service the service name
	 * @param provider the provider name
	 * @return the provider, or {@code null} when there is no such provider
	 */
	@ReadOperation
	public @Nullable ProviderDescriptor provider(@Selector String service, @Selector String provider) {
		ServiceDefinition definition = this.services.get(service);
		int index = (definition != null) ? definition.indexOf(provider) : -1;
		return (index >= 0) ? describe(definition, index) : null;
	}

	/**
	 * Acts on a service: {@code release} ends a switchover, {@code cache-version} sets
	 * the version of its cache keys.
	 * @param service the service name
	 * @param action what to do
	 * @param version the new cache version, for {@code cache-version}: taken literally, 1
	 * to 64 letters, digits, {@code .}, {@code _} or {@code -}
	 * @return the service as changed, or {@code null} when there is no such service
	 * @throws InvalidEndpointRequestException when the action lacks its argument, the
	 * version has other characters or is too long, or the action does not apply
	 * @throws io.thirdparty.config.InvalidThirdPartyConfigurationException when the
	 * configuration the version would be applied with is refused; nothing is changed
	 */
	@WriteOperation
	public @Nullable ServiceDescriptor changeService(@Selector String service, ServiceAction action,
			@Nullable String version) {
		ServiceDefinition definition = this.services.get(service);
		if (definition == null) {
			return null;
		}
		if (action == ServiceAction.RELEASE) {
			this.control.release(service);
		}
		else {
			setCacheVersion(service, version);
		}
		OperatorChange change = (action == ServiceAction.RELEASE)
				? new OperatorChange(service, null, OperatorAction.RELEASE, null)
				: new OperatorChange(service, null, OperatorAction.CACHE_VERSION, version);
		return describe(this.services.get(service), this.sharing.share(change));
	}

	/**
	 * Acts on a provider: {@code disable}, {@code enable}, {@code force} (switchover:
	 * every call of its service goes to it while it is usable) or {@code reset-breaker}.
	 * @param service the service name
	 * @param provider the provider name
	 * @param action what to do
	 * @return the service as changed, or {@code null} when there is no such provider
	 */
	@WriteOperation
	public @Nullable ServiceDescriptor changeProvider(@Selector String service, @Selector String provider,
			ProviderAction action) {
		Provider changed = switch (action) {
			case DISABLE -> this.control.disable(service, provider);
			case ENABLE -> this.control.enable(service, provider);
			case FORCE -> this.control.force(service, provider);
			case RESET_BREAKER -> this.control.resetBreaker(service, provider);
		};
		if (changed == null) {
			return null;
		}
		OperatorChange change = new OperatorChange(service, provider, OperatorAction.valueOf(action.name()), null);
		return describe(this.services.get(service), this.sharing.share(change));
	}

	/**
	 * Evicts keys of a service's cache on every instance:
	 * {@code POST /actuator/thirdparty/<service>/cache/evict} with
	 * {@code {"keys":"SKU-7,SKU-9"}}.
	 * @param service the service name
	 * @param cache {@code cache}
	 * @param action {@code evict}
	 * @param keys the keys, as {@code @ThirdPartyCall(key)} evaluates them (over HTTP,
	 * separated by commas)
	 * @return what was evicted and whether it reached the other instances, or
	 * {@code null} when there is no such service or path
	 * @throws InvalidEndpointRequestException when no key is given or the service has no
	 * cache
	 */
	@WriteOperation
	public @Nullable Object evictCache(@Selector String service, @Selector String cache, @Selector String action,
			@Nullable List<String> keys) {
		if (!"cache".equals(cache) || !"evict".equals(action) || this.services.get(service) == null) {
			return null;
		}
		if (keys == null || keys.isEmpty() || keys.stream().anyMatch((key) -> key == null || key.isBlank())) {
			throw new InvalidEndpointRequestException("Missing keys for cache eviction",
					"Give the keys to evict, separated by commas, e.g. {\"keys\":\"SKU-7,SKU-9\"}");
		}
		Object evicted = (this.cache != null) ? this.cache.evict(service, keys) : null;
		if (evicted == null) {
			throw new InvalidEndpointRequestException("Service '" + service + "' has no cache",
					"Service '" + service + "' has no cache to evict keys from");
		}
		return evicted;
	}

	private void setCacheVersion(String service, @Nullable String version) {
		if (version == null || version.isBlank()) {
			throw new InvalidEndpointRequestException("Missing version for cache-version",
					"Give the new version, e.g. {\"action\":\"cache-version\",\"version\":\"v3\"}");
		}
		if (!CACHE_VERSION.matcher(version).matches()) {
			throw new InvalidEndpointRequestException("Invalid cache version",
					"A cache version is 1 to " + MAX_VERSION_LENGTH + " letters, digits, '.', '_' or '-', e.g. v3 "
							+ "or 2024-06-01.1 (" + version.length() + " characters given)");
		}
		if (this.cache == null || !this.cache.setVersion(service, version)) {
			throw new InvalidEndpointRequestException("Service '" + service + "' has no cache",
					"Service '" + service + "' has no cache whose version could be set");
		}
	}

	private ServiceDescriptor describe(ServiceDefinition service) {
		return describe(service, null);
	}

	private ServiceDescriptor describe(ServiceDefinition service, OperatorSharing.@Nullable Outcome outcome) {
		List<ProviderDescriptor> providers = new ArrayList<>();
		String forced = null;
		for (int i = 0; i < service.providers().size(); i++) {
			providers.add(describe(service, i));
			if (service.state(i).isForced()) {
				forced = service.provider(i).name();
			}
		}
		return new ServiceDescriptor(service.name(), service.settings().getStrategy(),
				(service.healthy() != 0) ? "UP" : "DOWN", forced,
				(this.cache != null) ? this.cache.describe(service.name()) : null, providers,
				new OperatorDescriptor(this.sharing.scope(), (outcome != null) ? outcome.shared() : null,
						(outcome != null) ? outcome.detail() : null, this.sharing.last(service.name(), "switchover"),
						this.sharing.last(service.name(), "cache-version")),
				(this.traffic != null) ? this.traffic.service(service) : null,
				(this.events != null) ? this.events.recent(service.name()) : null);
	}

	private ProviderDescriptor describe(ServiceDefinition service, int index) {
		Provider provider = service.provider(index);
		ProviderState state = service.state(index);
		ProviderState.CheckResult check = state.lastCheck();
		ProviderState.LastError error = state.lastError();
		return new ProviderDescriptor(provider.name(), Secrets.mask(provider.url()), provider.weight(),
				effectiveWeight(service, index), provider.priority(), service.status(index), service.reason(index),
				describe(service.guard(index).getCircuitBreaker()), state.inFlight(), state.calls(), state.failures(),
				state.rejected(),
				(error != null) ? new ErrorDescriptor(error.type(), error.message(), error.at()) : null,
				(check != null) ? new HealthCheckDescriptor(state.checkStatus(), check.passed(), check.status(),
						check.detail(), check.at(), state.checksFailedInARow(), state.checksPassedInARow()) : null,
				this.sharing.lastOfProvider(service.name(), provider.name()),
				(this.traffic != null) ? this.traffic.provider(service, index) : null);
	}

	private static int effectiveWeight(ServiceDefinition service, int index) {
		long available = service.available();
		if ((available & (1L << index)) == 0) {
			return 0;
		}
		if (!service.state(index).isForced()) {
			return service.provider(index).weight();
		}
		int total = 0;
		for (int i = 0; i < service.providers().size(); i++) {
			total += service.isEnabled(i) ? service.provider(i).weight() : 0;
		}
		return total;
	}

	private static BreakerDescriptor describe(CircuitBreaker breaker) {
		if (breaker == null) {
			return null;
		}
		CircuitBreaker.Metrics metrics = breaker.getMetrics();
		return new BreakerDescriptor(breaker.getState().name(), rate(metrics.getFailureRate()),
				rate(metrics.getSlowCallRate()), metrics.getNumberOfBufferedCalls(), metrics.getNumberOfFailedCalls(),
				metrics.getNumberOfNotPermittedCalls());
	}

	private static Float rate(float rate) {
		return (rate < 0) ? null : rate;
	}

	/**
	 * What {@link #changeService} does.
	 */
	public enum ServiceAction {

		/** Ends a switchover: the service selects by its strategy again. */
		RELEASE,

		/** Sets the version that is part of the service's cache keys. */
		CACHE_VERSION

	}

	/**
	 * What {@link #changeProvider} does.
	 */
	public enum ProviderAction {

		/** Takes the provider out of selection. */
		DISABLE,

		/** Puts a disabled provider back into selection. */
		ENABLE,

		/** Gives the provider every call of its service (switchover). */
		FORCE,

		/** Closes the provider's breaker and forgets the calls it recorded. */
		RESET_BREAKER

	}

	/**
	 * Every configured service.
	 *
	 * @param services the services by name, in configuration order
	 */
	public record ServicesDescriptor(Map<String, ServiceDescriptor> services) {
	}

	/**
	 * One service.
	 *
	 * @param name the service name
	 * @param strategy how it selects a provider
	 * @param status {@code UP} while a provider is {@code UP} or {@code FORCED},
	 * {@code DOWN} when every provider is disabled, ejected or failing (as
	 * {@code /actuator/health} says)
	 * @param forced the provider forced by an operator, or {@code null}
	 * @param cache what its cache reports, or {@code null} when it has none
	 * @param providers its providers, in configuration order
	 * @param operator how far operator actions reach, and the service's last ones
	 * @param traffic its recent traffic, or {@code null} without metrics
	 * @param recentEvents its last provider events, newest first, or {@code null} when
	 * they are not recorded
	 */
	public record ServiceDescriptor(String name, Strategy strategy, String status, String forced, Object cache,
			List<ProviderDescriptor> providers, OperatorDescriptor operator, TrafficStatistics.ServiceTraffic traffic,
			List<ProviderEventLog.RecentEvent> recentEvents) {
	}

	/**
	 * How far operator actions on a service reach, and its last switchover and cache
	 * version.
	 *
	 * @param scope {@code fleet} when actions apply to every instance through Redis,
	 * {@code instance} when to this instance only
	 * @param shared in the answer to an action, whether the other instances received it;
	 * {@code null} in a read
	 * @param detail in the answer to an action not shared, why
	 * @param switchover the last {@code force} or {@code release}, or {@code null}
	 * @param cacheVersion the last {@code cache-version}, or {@code null}
	 */
	public record OperatorDescriptor(String scope, Boolean shared, String detail, OperatorRecord switchover,
			OperatorRecord cacheVersion) {
	}

	/**
	 * One provider.
	 *
	 * @param name the provider name
	 * @param url its base URL, credentials and query string masked
	 * @param weight its configured weight
	 * @param effectiveWeight the weight selection applies now: 0 while the provider is
	 * out of selection or another one is forced, the service's whole weight while it is
	 * forced
	 * @param priority its order in priority selection
	 * @param state what it is doing now
	 * @param reason why it is out of selection or failing, or {@code null} when
	 * {@code UP} or {@code FORCED}
	 * @param circuitBreaker its breaker, or {@code null} when breaking is disabled
	 * @param inFlight attempts running now
	 * @param calls attempts the provider answered or failed
	 * @param failures attempts that failed because of the provider
	 * @param rejected attempts refused by local protection (breaker, rate limit,
	 * bulkhead)
	 * @param lastError its last failure, or {@code null}
	 * @param healthCheck its last health check, or {@code null} when never checked
	 * @param operatorState the last operator action on it (disable, enable, force,
	 * reset-breaker): whether it came from this instance or the fleet, from which
	 * instance and when; {@code null} when none since this instance started
	 * @param traffic its recent traffic, or {@code null} without metrics
	 */
	public record ProviderDescriptor(String name, String url, int weight, int effectiveWeight, int priority,
			ProviderStatus state, String reason, BreakerDescriptor circuitBreaker, int inFlight, long calls,
			long failures, long rejected, ErrorDescriptor lastError, HealthCheckDescriptor healthCheck,
			OperatorRecord operatorState, TrafficStatistics.ProviderTraffic traffic) {
	}

	/**
	 * A provider's circuit breaker.
	 *
	 * @param state the breaker's state
	 * @param failureRate failure rate in percent, or {@code null} before the minimum
	 * number of calls
	 * @param slowCallRate slow-call rate in percent, or {@code null} before the minimum
	 * number of calls
	 * @param bufferedCalls calls in the sliding window
	 * @param failedCalls failed calls in the sliding window
	 * @param notPermittedCalls calls refused while open
	 */
	public record BreakerDescriptor(String state, Float failureRate, Float slowCallRate, int bufferedCalls,
			int failedCalls, long notPermittedCalls) {
	}

	/**
	 * A provider's last failure.
	 *
	 * @param type class name of the failure
	 * @param message why it failed: a vendor's error answer by its HTTP status (never its
	 * body), otherwise its message with URL credentials, paths and query strings masked
	 * @param at when it happened
	 */
	public record ErrorDescriptor(String type, String message, Instant at) {
	}

	/**
	 * A provider's health-check verdict and its last health check.
	 *
	 * @param state {@code FAILING} from {@code unhealthy-threshold} failed checks in a
	 * row (ejected or kept in selection as the last resort) until
	 * {@code healthy-threshold} passed checks in a row, {@code PASSING} otherwise
	 * @param passed whether the last check passed
	 * @param status the HTTP status, 0 when there was no answer
	 * @param detail what went wrong in the last check, or {@code null}
	 * @param at when it ended
	 * @param failedInARow failed checks in a row
	 * @param passedInARow passed checks in a row
	 */
	public record HealthCheckDescriptor(CheckStatus state, boolean passed, int status, String detail, Instant at,
			int failedInARow, int passedInARow) {
	}

}
