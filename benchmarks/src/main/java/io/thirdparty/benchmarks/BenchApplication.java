package io.thirdparty.benchmarks;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application the Spring-based benchmarks run in: every auto-configuration on the
 * classpath, as the starter brings it, and the two clients.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class BenchApplication {

	@Bean
	AnnotatedClient annotatedClient() {
		return new AnnotatedClient();
	}

	@Bean
	PlainClient plainClient() {
		return new PlainClient();
	}

}
