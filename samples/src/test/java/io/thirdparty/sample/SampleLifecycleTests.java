package io.thirdparty.sample;

import java.net.ConnectException;
import java.net.Socket;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import io.thirdparty.sample.vendor.FakeSmsVendor;
import io.thirdparty.sample.vendor.FakeSmsVendors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sample as a whole application: it starts with a clean log on embedded defaults (but
 * for the one WARN that the task queue is in memory), and its fake vendors stop with it.
 */
@ExtendWith(OutputCaptureExtension.class)
class SampleLifecycleTests {

	/** Level and full logger name first, so that each line says who logged it. */
	private static final String PATTERN = "%level %logger %msg%n";

	/**
	 * The one expected WARN: without Redis the task queue is in memory, and the starter
	 * says so once at startup (see the README).
	 */
	private static final String IN_MEMORY_QUEUE_WARNING = "WARN io.thirdparty.autoconfigure.TaskBackendConfigurations "
			+ "Queued third-party calls and tasks are kept in memory";

	@Test
	void startupLogHasNoNacosWarningsAndOnlyTheInMemoryQueueWarningOfOurs(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(context.getBeanDefinitionNames()).as("Nacos beans")
				.noneMatch((name) -> name.toLowerCase(Locale.ROOT).contains("nacos"));
		}
		List<String> warnings = output.getAll()
			.lines()
			.filter((line) -> line.startsWith("WARN ") || line.startsWith("ERROR "))
			.toList();
		assertThat(warnings).noneMatch((line) -> line.toLowerCase(Locale.ROOT).contains("nacos"));
		assertThat(warnings).filteredOn((line) -> line.startsWith(IN_MEMORY_QUEUE_WARNING)).hasSize(1);
		// logged by our code, or about our beans (as Spring's BeanPostProcessorChecker
		// would)
		assertThat(warnings).filteredOn((line) -> !line.startsWith(IN_MEMORY_QUEUE_WARNING))
			.noneMatch((line) -> line.contains("io.thirdparty."));
	}

	@Test
	void vendorsStopListeningWhenTheApplicationStops() {
		List<Integer> ports;
		try (ConfigurableApplicationContext context = start()) {
			ports = context.getBean(FakeSmsVendors.class).all().stream().map(FakeSmsVendor::port).toList();
		}
		assertThat(ports).hasSize(2)
			.allSatisfy((port) -> assertThatExceptionOfType(ConnectException.class)
				.isThrownBy(() -> new Socket("127.0.0.1", port).close()));
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(SampleApplication.class).run("--server.port=0",
				"--logging.pattern.console=" + PATTERN);
	}

}
