package io.thirdparty.sample.price;

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
 * Starts the fake price vendor before the context refreshes, so that the configuration
 * can point at it: its port is {@code sample.vendors.price_vendor.port} (a free port
 * unless set), each quote takes {@code sample.vendors.price_vendor.delay} (800ms by
 * default). The vendor is the {@code fakePriceVendor} bean and stops with the context.
 * Registered in the sample's {@code META-INF/spring.factories}.
 */
public class FakePriceVendorInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** Name of the vendor, as in the configuration. */
	public static final String NAME = "price_vendor";

	/** Name of the bean holding the vendor. */
	public static final String BEAN_NAME = "fakePriceVendor";

	private static final String PORT = "sample.vendors." + NAME + ".port";

	private static final String DELAY = "sample.vendors." + NAME + ".delay";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		FakePriceVendor vendor = FakePriceVendor.start(environment.getProperty(PORT, Integer.class, 0),
				environment.getProperty(DELAY, Duration.class, Duration.ofMillis(800)));
		environment.getPropertySources().addFirst(new MapPropertySource(BEAN_NAME, Map.of(PORT, vendor.port())));
		context.getBeanFactory().registerSingleton(BEAN_NAME, vendor);
		ApplicationListener<ApplicationEvent> stopVendor = (event) -> {
			if ((event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context)
					|| (event instanceof ApplicationFailedEvent failed && failed.getApplicationContext() == context)) {
				vendor.close();
			}
		};
		context.addApplicationListener(stopVendor);
	}

}
