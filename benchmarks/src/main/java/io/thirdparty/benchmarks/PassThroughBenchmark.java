package io.thirdparty.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.context.ConfigurableApplicationContext;

import io.thirdparty.observation.Resilience4jMetrics;
import io.thirdparty.resilience.ProviderGuards;

/**
 * Pass-through cost of a {@code @ThirdPartyCall} method whose body returns a constant:
 * one provider, circuit breaker and retry at their defaults, no time limit. Compared with
 * <ul>
 * <li>(a) {@link #plain}: the same method without the annotation, through its bean
 * reference;</li>
 * <li>(b) {@link #resilience4jDecoratedOnce} and {@link #resilience4jDecoratedPerCall}:
 * the same protection (a circuit breaker inside a retry) from Resilience4j's decorators
 * called directly; {@link #resilience4jDecoratedOnceAppRegistries} the same with the
 * application's registries;</li>
 * <li>(c) {@link #springCloudCircuitBreaker}: Spring Cloud CircuitBreaker's
 * {@code CircuitBreakerFactory.create(id).run(supplier, fallback)} as it auto-configures
 * the Resilience4J factory (thread pool and time limiter by default);</li>
 * <li>(d) {@link #thirdPartyCallWithTimeout}: our call with {@code timeout: 1s}, which
 * hands each attempt to the time-limit executor;</li>
 * <li>(e) {@link #thirdPartyCallWithMetrics}: our call in an application with a
 * {@code MeterRegistry}: the {@code thirdparty.calls} timer and Resilience4j's metrics of
 * the starter's breakers bound.</li>
 * </ul>
 * Run with {@code -prof gc} for the bytes allocated per call
 * ({@code gc.alloc.rate.norm}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class PassThroughBenchmark {

	/** The recipient; a field so that the JIT cannot fold the argument. */
	static final String TO = "+15550100";

	/**
	 * A Spring Boot application with the starter's real auto-configuration, started once
	 * per trial and closed after it.
	 */
	@State(Scope.Benchmark)
	public static class Application {

		ConfigurableApplicationContext context;

		AnnotatedClient annotated;

		PlainClient plain;

		CircuitBreakerFactory<?, ?> circuitBreakers;

		String to = TO;

		Supplier<String> decoratedFromRegistries;

		@Setup(Level.Trial)
		public void start() {
			this.context = new SpringApplicationBuilder(BenchApplication.class).web(WebApplicationType.NONE)
				.bannerMode(Banner.Mode.OFF)
				.logStartupInfo(false)
				.properties("logging.level.root=warn", "spring.main.register-shutdown-hook=false",
						// BeanPostProcessorChecker warns about beans the advisors pull in
						// early
						"logging.level.org.springframework.context.support=error",
						"third-party.bench.providers[0].name=primary",
						"third-party.bench.providers[0].url=http://127.0.0.1:9",
						"third-party.bench-timeout.providers[0].name=primary",
						"third-party.bench-timeout.providers[0].url=http://127.0.0.1:9",
						"third-party.bench-timeout.timeout=1s")
				.run();
			this.annotated = this.context.getBean(AnnotatedClient.class);
			this.plain = this.context.getBean(PlainClient.class);
			this.circuitBreakers = this.context.getBean(CircuitBreakerFactory.class);
			PlainClient client = this.plain;
			this.decoratedFromRegistries = Retry.decorateSupplier(
					this.context.getBean(RetryRegistry.class).retry("bench-r4j", Resilience4j.retryConfig()),
					CircuitBreaker.decorateSupplier(
							this.context.getBean(CircuitBreakerRegistry.class)
								.circuitBreaker("bench-r4j", Resilience4j.breakerConfig()),
							() -> client.send(this.to)));
			check();
		}

		/** Fails the trial unless each path goes where the benchmark says it goes. */
		private void check() {
			require(AopUtils.isAopProxy(this.annotated), "the @ThirdPartyCall bean is not proxied");
			require(!AopUtils.isAopProxy(this.plain), "the plain bean is proxied");
			require("OK".equals(this.annotated.send(this.to)) && "OK".equals(this.annotated.sendWithTimeout(this.to)),
					"a @ThirdPartyCall did not return the method's result");
			ProviderGuards guards = this.context.getBean(ProviderGuards.class);
			TimeLimiterRegistry timeLimiters = guards.timeLimiterRegistry();
			CircuitBreaker breaker = guards.find("bench.primary").getCircuitBreaker();
			require(breaker.getMetrics().getNumberOfSuccessfulCalls() == 1,
					"the call did not pass circuit breaker bench.primary");
			require(this.context.getBean(CircuitBreakerRegistry.class).find("bench.primary").isEmpty(),
					"breaker bench.primary is in the application's registry, which hangs an event buffer on it");
			require(timeLimiters.find("bench.primary").isEmpty(), "service bench has a time limiter");
			require(timeLimiters.find("bench-timeout.primary").isPresent(),
					"service bench-timeout has no time limiter");
			require(this.circuitBreakers.getClass().getSimpleName().equals("Resilience4JCircuitBreakerFactory"),
					"CircuitBreakerFactory is " + this.circuitBreakers.getClass().getName());
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.context.close();
		}

	}

	/**
	 * The same application with a {@code MeterRegistry} and an
	 * {@code ObservationRegistry} whose handler is Micrometer's meter handler, as
	 * Actuator configures them, and the starter's Resilience4j metrics bound to the
	 * meters (Actuator's metrics auto-configuration binds every {@code MeterBinder}; this
	 * one is bound by hand).
	 */
	@State(Scope.Benchmark)
	public static class MeteredApplication {

		ConfigurableApplicationContext context;

		AnnotatedClient annotated;

		String to = TO;

		@Setup(Level.Trial)
		public void start() {
			this.context = new SpringApplicationBuilder(BenchApplication.class).web(WebApplicationType.NONE)
				.bannerMode(Banner.Mode.OFF)
				.logStartupInfo(false)
				.initializers((context) -> {
					MeterRegistry meters = new SimpleMeterRegistry();
					ObservationRegistry observations = ObservationRegistry.create();
					observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
					context.getBeanFactory().registerSingleton("meterRegistry", meters);
					context.getBeanFactory().registerSingleton("observationRegistry", observations);
				})
				.properties("logging.level.root=warn", "spring.main.register-shutdown-hook=false",
						"logging.level.org.springframework.context.support=error",
						"third-party.bench.providers[0].name=primary",
						"third-party.bench.providers[0].url=http://127.0.0.1:9",
						"third-party.bench-timeout.providers[0].name=primary",
						"third-party.bench-timeout.providers[0].url=http://127.0.0.1:9")
				.run();
			MeterRegistry registry = this.context.getBean(MeterRegistry.class);
			this.context.getBean(Resilience4jMetrics.class).bindTo(registry);
			this.annotated = this.context.getBean(AnnotatedClient.class);
			require("OK".equals(this.annotated.send(this.to)), "a @ThirdPartyCall did not return the method's result");
			require(registry.find("thirdparty.calls").timer() != null, "no thirdparty.calls timer");
			require(registry.find("thirdparty.attempt").timer() != null, "no thirdparty.attempt timer");
			require(registry.find("resilience4j.circuitbreaker.state").tag("name", "bench.primary").gauge() != null,
					"the breaker's metrics are not bound");
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.context.close();
		}

	}

	/**
	 * A Resilience4j circuit breaker inside a retry, configured as the starter configures
	 * a provider by default (count-based window of 20, at least 10 calls, 50% failures, 3
	 * attempts with exponential backoff from 100 ms and 20% jitter).
	 */
	@State(Scope.Benchmark)
	public static class Resilience4j {

		PlainClient client = new PlainClient();

		CircuitBreaker breaker;

		Retry retry;

		Supplier<String> decorated;

		String to = TO;

		@Setup(Level.Trial)
		public void create() {
			this.breaker = CircuitBreaker.of("bench", breakerConfig());
			this.retry = Retry.of("bench", retryConfig());
			this.decorated = Retry.decorateSupplier(this.retry,
					CircuitBreaker.decorateSupplier(this.breaker, () -> this.client.send(this.to)));
		}

		static CircuitBreakerConfig breakerConfig() {
			return CircuitBreakerConfig.custom()
				.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
				.slidingWindowSize(20)
				.minimumNumberOfCalls(10)
				.failureRateThreshold(50)
				.slowCallRateThreshold(100)
				.slowCallDurationThreshold(Duration.ofSeconds(60))
				.waitDurationInOpenState(Duration.ofSeconds(30))
				.permittedNumberOfCallsInHalfOpenState(3)
				.automaticTransitionFromOpenToHalfOpenEnabled(true)
				.build();
		}

		static RetryConfig retryConfig() {
			return RetryConfig.custom()
				.maxAttempts(3)
				.intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(100), 2.0, 0.2))
				.build();
		}

	}

	/** (a) The plain method through its bean reference. */
	@Benchmark
	public String plain(Application app) {
		return app.plain.send(app.to);
	}

	/** Ours: {@code @ThirdPartyCall}, breaker and retry on, no time limit. */
	@Benchmark
	public String thirdPartyCall(Application app) {
		return app.annotated.send(app.to);
	}

	/**
	 * (b) Resilience4j decorators built once, the decorated supplier invoked per call.
	 */
	@Benchmark
	public String resilience4jDecoratedOnce(Resilience4j r4j) {
		return r4j.decorated.get();
	}

	/** (b) Resilience4j decorators built around a new lambda on every call. */
	@Benchmark
	public String resilience4jDecoratedPerCall(Resilience4j r4j) {
		PlainClient client = r4j.client;
		String to = r4j.to;
		return Retry.decorateSupplier(r4j.retry, CircuitBreaker.decorateSupplier(r4j.breaker, () -> client.send(to)))
			.get();
	}

	/**
	 * (b') As {@link #resilience4jDecoratedOnce}, with the breaker and retry taken from
	 * the application's Resilience4j registries, where Resilience4j's Spring Boot support
	 * gives every breaker an event consumer (so each call publishes an event); the
	 * starter keeps its breakers in registries of its own for that reason.
	 */
	@Benchmark
	public String resilience4jDecoratedOnceAppRegistries(Application app) {
		return app.decoratedFromRegistries.get();
	}

	/** (c) Spring Cloud CircuitBreaker's default Resilience4J factory. */
	@Benchmark
	public String springCloudCircuitBreaker(Application app) {
		PlainClient client = app.plain;
		String to = app.to;
		return app.circuitBreakers.create("bench-scb").run(() -> client.send(to), (failure) -> "fallback");
	}

	/**
	 * (d) Ours with {@code timeout: 1s}: each attempt runs on the time-limit executor.
	 */
	@Benchmark
	public String thirdPartyCallWithTimeout(Application app) {
		return app.annotated.sendWithTimeout(app.to);
	}

	/**
	 * (e) Ours in an application with a {@code MeterRegistry} and the breakers' metrics
	 * bound.
	 */
	@Benchmark
	public String thirdPartyCallWithMetrics(MeteredApplication app) {
		return app.annotated.send(app.to);
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalStateException("Benchmark set-up is wrong: " + message);
		}
	}

}
