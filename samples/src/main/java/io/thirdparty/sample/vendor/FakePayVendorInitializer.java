package io.thirdparty.sample.vendor;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the sample's fake payment vendor before the application context refreshes, with
 * the shared secrets {@code sample.fakepay.api-secret} and
 * {@code sample.fakepay.callback-secret} (the same properties the {@code pay} provider's
 * credentials refer to), and puts its port into the environment as
 * {@code sample.vendors.fakepay.port} (a free port unless already set). The vendor
 * becomes the {@code fakePayVendor} bean and stops with the context. Registered in the
 * sample's {@code META-INF/spring.factories}.
 */
public class FakePayVendorInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** Property that holds the vendor's port. */
	public static final String PORT_PROPERTY = "sample.vendors.fakepay.port";

	/** Name of the bean holding the vendor. */
	public static final String BEAN_NAME = "fakePayVendor";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		FakePayVendor vendor = FakePayVendor.start(environment.getProperty(PORT_PROPERTY, Integer.class, 0),
				environment.getRequiredProperty("sample.fakepay.api-secret"),
				environment.getRequiredProperty("sample.fakepay.callback-secret"),
				environment.getProperty("sample.fakepay.pay-delay", Duration.class, Duration.ofSeconds(1)));
		environment.getPropertySources()
			.addFirst(new MapPropertySource("fakePayVendor", Map.of(PORT_PROPERTY, vendor.port())));
		context.getBeanFactory().registerSingleton(BEAN_NAME, vendor);
		ApplicationListener<ApplicationEvent> stopVendor = (event) -> {
			boolean closed = event instanceof ContextClosedEvent contextClosed
					&& contextClosed.getApplicationContext() == context;
			boolean failed = event instanceof ApplicationFailedEvent startFailed
					&& startFailed.getApplicationContext() == context;
			if (closed || failed) {
				vendor.close();
			}
		};
		context.addApplicationListener(stopVendor);
	}

}
