package io.thirdparty.sample.vendor;

import java.util.LinkedHashMap;
import java.util.List;
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
 * Starts the sample's fake SMS vendors before the application context refreshes, so that
 * the configuration can point at them: the port of each vendor is in the environment as
 * {@code sample.vendors.<name>.port} (a free port, unless that property is already set).
 * Each speaks its own API (see {@link #api}). The vendors become the
 * {@code fakeSmsVendors} bean and stop when the context closes or fails to start.
 * Registered in the sample's {@code META-INF/spring.factories}.
 */
public class FakeSmsVendorsInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** Names of the vendors, as in the seed configuration. */
	public static final List<String> VENDOR_NAMES = List.of("provider_a", "provider_b");

	/** Name of the property source holding the vendors' ports. */
	public static final String PROPERTY_SOURCE_NAME = "fakeSmsVendors";

	/** Name of the bean holding the vendors. */
	public static final String BEAN_NAME = "fakeSmsVendors";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		FakeSmsVendors vendors = FakeSmsVendors.start(VENDOR_NAMES,
				(name) -> environment.getProperty(portProperty(name), Integer.class, 0),
				(name) -> api(name, environment));
		Map<String, Object> ports = new LinkedHashMap<>();
		for (FakeSmsVendor vendor : vendors.all()) {
			ports.put(portProperty(vendor.name()), vendor.port());
		}
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, ports));
		context.getBeanFactory().registerSingleton(BEAN_NAME, vendors);
		ApplicationListener<ApplicationEvent> stopVendors = (event) -> {
			boolean closed = event instanceof ContextClosedEvent contextClosed
					&& contextClosed.getApplicationContext() == context;
			boolean failed = event instanceof ApplicationFailedEvent startFailed
					&& startFailed.getApplicationContext() == context;
			if (closed || failed) {
				vendors.close();
			}
		};
		context.addApplicationListener(stopVendors);
	}

	/**
	 * Returns the API a vendor speaks, with the credential it shares with the
	 * application: {@code provider_a} takes JSON and an API key
	 * ({@code sample.sms.provider-a-api-key}), {@code provider_b} a form signed with HMAC
	 * ({@code sample.sms.provider-b-secret}).
	 */
	private static SmsApi api(String name, ConfigurableEnvironment environment) {
		return switch (name) {
			case "provider_a" -> new KeyJsonSmsApi(environment.getRequiredProperty("sample.sms.provider-a-api-key"));
			case "provider_b" -> new HmacFormSmsApi(environment.getRequiredProperty("sample.sms.provider-b-secret"));
			default -> throw new IllegalArgumentException("No fake SMS vendor API for '" + name + "'");
		};
	}

	/**
	 * Returns the property that holds a vendor's port.
	 * @param name the vendor's name
	 * @return {@code sample.vendors.<name>.port}
	 */
	public static String portProperty(String name) {
		return "sample.vendors." + name + ".port";
	}

}
