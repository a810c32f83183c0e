package io.thirdparty.observation;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;

import io.thirdparty.pipeline.CallChain;
import io.thirdparty.pipeline.CallStage;
import io.thirdparty.pipeline.ThirdPartyInvocation;
import io.thirdparty.provider.ProviderState;
import io.thirdparty.provider.ServiceDefinition;

/**
 * Times every call in the {@value #METRIC} timer, tagged with {@code service}, {@code provider}
 * (the provider of the last attempt, {@code none} when no provider was tried) and
 * {@code outcome} ({@code success}, {@code failure}, {@code rejected}, {@code fallback}). The
 * timers of a provider are looked up once, not on every call.
 */
public class CallMetricsStage implements CallStage, Ordered, Consumer<Collection<ServiceDefinition>> {

	/** Order of this stage: inside the fallback, around the cache and the attempts. */
	public static final int ORDER = 150;

	/** Name of the timer. */
	public static final String METRIC = "thirdparty.calls";

	private static final Log logger = LogFactory.getLog(CallMetricsStage.class);

	private static final String NONE = "none";

	private static final CallOutcome[] OUTCOMES = CallOutcome.values();

	private final MeterRegistry registry;

	private final Map<ProviderState, Timer[]> byProvider = new ConcurrentHashMap<>();

	private final Map<String, Timer[]> byService = new ConcurrentHashMap<>();

	/**
	 * Creates the stage.
	 * @param registry where the timers live
	 */
	public CallMetricsStage(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Object invoke(ThirdPartyInvocation invocation, CallChain next) throws Throwable {
		long start = this.registry.config().clock().monotonicTime();
		Throwable failure = null;
		try {
			return next.proceed(invocation);
		}
		catch (Throwable ex) {
			failure = ex;
			throw ex;
		}
		finally {
			record(invocation, failure, this.registry.config().clock().monotonicTime() - start);
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/**
	 * Forgets the timers of providers and services no longer configured.
	 * @param services the services now configured
	 */
	@Override
	public void accept(Collection<ServiceDefinition> services) {
		Set<ProviderState> states = new HashSet<>();
		Set<String> names = new HashSet<>();
		for (ServiceDefinition service : services) {
			names.add(service.name());
			for (int i = 0; i < service.providers().size(); i++) {
				states.add(service.state(i));
			}
		}
		this.byProvider.keySet().retainAll(states);
		this.byService.keySet().retainAll(names);
	}

	private void record(ThirdPartyInvocation invocation, Throwable failure, long nanos) {
		try {
			CallOutcome outcome = CallOutcome.ofCall(invocation, failure);
			ServiceDefinition service = invocation.service();
			int index = invocation.providerIndex();
			Timer[] timers = (index >= 0)
					? this.byProvider.computeIfAbsent(service.state(index),
							(state) -> timers(service.name(), service.provider(index).name()))
					: this.byService.computeIfAbsent(service.name(), (name) -> timers(name, NONE));
			timers[outcome.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not record " + METRIC + " of service '" + invocation.service().name() + "'", ex);
		}
	}

	private Timer[] timers(String service, String provider) {
		Timer[] timers = new Timer[OUTCOMES.length];
		for (CallOutcome outcome : OUTCOMES) {
			timers[outcome.ordinal()] = Timer.builder(METRIC)
				.description("Calls to third-party services")
				.tag("service", service)
				.tag("provider", provider)
				.tag("outcome", outcome.tag())
				.register(this.registry);
		}
		return timers;
	}

}
