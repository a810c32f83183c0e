package io.thirdparty.sample.vendor;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The sample's fake SMS vendors, by name, in start order. Closing it stops them all.
 */
public final class FakeSmsVendors implements AutoCloseable {

	private final Map<String, FakeSmsVendor> vendors;

	private FakeSmsVendors(Map<String, FakeSmsVendor> vendors) {
		this.vendors = vendors;
	}

	/**
	 * Starts one vendor per name.
	 * @param names the vendors' names
	 * @param port the port of each vendor, {@code 0} for a free one
	 * @param api the API each vendor speaks
	 * @return the listening vendors
	 */
	public static FakeSmsVendors start(List<String> names, ToIntFunction<String> port, Function<String, SmsApi> api) {
		Map<String, FakeSmsVendor> started = new LinkedHashMap<>();
		try {
			for (String name : names) {
				started.put(name, FakeSmsVendor.start(name, port.applyAsInt(name), api.apply(name)));
			}
		}
		catch (RuntimeException ex) {
			started.values().forEach(FakeSmsVendor::close);
			throw ex;
		}
		return new FakeSmsVendors(Collections.unmodifiableMap(started));
	}

	/**
	 * Returns a vendor by name.
	 * @param name the vendor's name
	 * @return the vendor, or empty when there is none of that name
	 */
	public Optional<FakeSmsVendor> find(String name) {
		return Optional.ofNullable(this.vendors.get(name));
	}

	/**
	 * Returns every vendor, in start order.
	 * @return the vendors
	 */
	public Collection<FakeSmsVendor> all() {
		return this.vendors.values();
	}

	/**
	 * Returns the vendors' names, in start order.
	 * @return the names
	 */
	public Collection<String> names() {
		return this.vendors.keySet();
	}

	@Override
	public void close() {
		this.vendors.values().forEach(FakeSmsVendor::close);
	}

}
