package io.thirdparty.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.thirdparty.Provider;
import io.thirdparty.config.ServiceProperties.HealthCheck;
import io.thirdparty.provider.ProviderState;
import io.thirdparty.provider.ProviderState.CheckResult;
import io.thirdparty.provider.ProviderStates;
import io.thirdparty.provider.Secrets;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;

/**
 * Active health checks: every {@code health-check.interval}, an HTTP GET to each
 * provider's url followed by {@code health-check.path}. A provider failing
 * {@code unhealthy-threshold} checks in a row leaves selection until it passes
 * {@code healthy-threshold} checks in a row; a check alone never takes out the last
 * usable provider of a service, which is recorded as {@linkplain ProviderStates#failing
 * failing} instead: it keeps taking calls, and health and the endpoint report it failing.
 * <p>
 * All checks run from one scheduler thread with the JDK {@link HttpClient},
 * asynchronously, so a slow provider delays no other; the outcome of every check is
 * handled on that same thread. A check waits at most {@code http.connect-timeout} for the
 * connection and {@code health-check.timeout} for the answer. Neither the thread nor a
 * client exists before a service has a health check. Services added, changed or removed
 * by a configuration reload are followed.
 */
public class ProviderHealthChecker implements SmartLifecycle {

	private final ServiceRegistry services;

	private final ProviderStates states;

	private final Map<String, Future<?>> rounds = new ConcurrentHashMap<>();

	private final Set<String> checking = ConcurrentHashMap.newKeySet();

	private volatile ScheduledExecutorService scheduler;

	private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();

	private boolean listening;

	/**
	 * Creates a checker; checks start with the application context.
	 * @param services the services to check
	 * @param states records the results and ejects or restores providers
	 */
	public ProviderHealthChecker(ServiceRegistry services, ProviderStates states) {
		this.services = services;
		this.states = states;
	}

	@Override
	public synchronized void start() {
		if (this.scheduler != null) {
			return;
		}
		CustomizableThreadFactory threads = new CustomizableThreadFactory("thirdparty-health-");
		threads.setDaemon(true);
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, threads);
		scheduler.setRemoveOnCancelPolicy(true);
		this.scheduler = scheduler;
		if (!this.listening) {
			this.listening = true;
			this.services.addReloadListener(this::reloaded);
		}
		else {
			reloaded(this.services.all());
		}
	}

	@Override
	public synchronized void stop() {
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler == null) {
			return;
		}
		this.scheduler = null;
		this.clients.clear();
		scheduler.shutdownNow();
		this.rounds.clear();
		this.checking.clear();
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	/**
	 * Returns the services whose providers are being checked.
	 * @return the service names
	 */
	Set<String> checkedServices() {
		return Set.copyOf(this.rounds.keySet());
	}

	private void reloaded(Collection<ServiceDefinition> definitions) {
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler != null) {
			scheduler.execute(() -> sync(definitions));
		}
	}

	private void sync(Collection<ServiceDefinition> definitions) {
		ScheduledExecutorService scheduler = this.scheduler;
		for (ServiceDefinition service : definitions) {
			if (!service.settings().getHealthCheck().isActive()) {
				stopChecking(service);
			}
			else if (scheduler != null && !this.rounds.containsKey(service.name())) {
				this.rounds.put(service.name(), scheduler.submit(() -> round(service.name())));
			}
		}
	}

	private void round(String name) {
		ServiceDefinition service = this.services.get(name);
		if (service == null || !service.settings().getHealthCheck().isActive()) {
			this.rounds.remove(name);
			if (service != null) {
				stopChecking(service);
			}
			return;
		}
		HealthCheck check = service.settings().getHealthCheck();
		for (int i = 0; i < service.providers().size(); i++) {
			if (service.isEnabled(i)) {
				check(service, i, check);
			}
		}
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler != null && !scheduler.isShutdown()) {
			this.rounds.put(name,
					scheduler.schedule(() -> round(name), check.getInterval().toNanos(), TimeUnit.NANOSECONDS));
		}
	}

	private void check(ServiceDefinition service, int index, HealthCheck check) {
		Provider provider = service.provider(index);
		if (!this.checking.add(provider.id())) {
			return;
		}
		HttpRequest request;
		try {
			request = HttpRequest.newBuilder(uri(provider, check))
				.timeout(check.getTimeout())
				.header("User-Agent", "thirdparty-health-check")
				.GET()
				.build();
		}
		catch (IllegalArgumentException ex) {
			this.checking.remove(provider.id());
			completed(service.name(), provider.name(), 0, ex);
			return;
		}
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler == null) {
			this.checking.remove(provider.id());
			return;
		}
		HttpClient client = client(scheduler, service.settings().getHttp().getConnectTimeout());
		client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenCompleteAsync((response, failure) -> {
			this.checking.remove(provider.id());
			completed(service.name(), provider.name(), (response != null) ? response.statusCode() : 0, failure);
		}, scheduler);
	}

	private HttpClient client(ScheduledExecutorService scheduler, Duration connectTimeout) {
		return this.clients.computeIfAbsent(connectTimeout,
				(timeout) -> HttpClient.newBuilder()
					.executor(scheduler)
					.connectTimeout(timeout)
					.version(HttpClient.Version.HTTP_1_1)
					.followRedirects(HttpClient.Redirect.NEVER)
					.build());
	}

	private void completed(String serviceName, String providerName, int status, Throwable failure) {
		ServiceDefinition service = this.services.get(serviceName);
		int index = (service != null) ? service.indexOf(providerName) : -1;
		if (index < 0 || !service.settings().getHealthCheck().isActive()) {
			return;
		}
		HealthCheck check = service.settings().getHealthCheck();
		Provider provider = service.provider(index);
		ProviderState state = service.state(index);
		boolean passed = failure == null && check.isExpected(status);
		String detail = passed ? null : (failure != null) ? describe(failure) : "HTTP " + status;
		int inARow = state.checked(new CheckResult(passed, status, detail, Instant.now(this.states.clock())));
		if (passed) {
			if (state.isFailingChecks() && inARow >= check.getHealthyThreshold()) {
				this.states.restore(provider, state, "health check passed " + inARow + " times in a row");
			}
		}
		else if (!state.isEjected() && inARow >= check.getUnhealthyThreshold()) {
			String reason = "health check failed " + inARow + " times in a row: " + detail;
			if ((service.usable() & ~(1L << index)) == 0) {
				this.states.failing(provider, state, reason);
			}
			else {
				this.states.eject(provider, state, reason);
			}
		}
	}

	private void stopChecking(ServiceDefinition service) {
		for (int i = 0; i < service.providers().size(); i++) {
			ProviderState state = service.state(i);
			if (state.lastCheck() != null || state.isFailingChecks()) {
				state.clearChecks();
				this.states.restore(service.provider(i), state, "health checks turned off");
			}
		}
	}

	private static URI uri(Provider provider, HealthCheck check) {
		String base = provider.url().endsWith("/") ? provider.url().substring(0, provider.url().length() - 1)
				: provider.url();
		return URI.create(base + check.getPath());
	}

	private static String describe(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause instanceof HttpTimeoutException) {
			return "no answer in time";
		}
		String reason = Secrets.reason(cause);
		return cause.getClass().getSimpleName() + ((reason != null) ? ": " + reason : "");
	}

}
