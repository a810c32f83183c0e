package io.thirdparty.sample.vendor;

/**
 * What {@code GET /vendors} shows of one fake vendor.
 *
 * @param name the vendor's name
 * @param url the vendor's base URL
 * @param fault how it fails now, {@code none} when healthy
 * @param listening whether it accepts connections
 * @param requests complete requests it received since the start, whatever it answered
 * @param breaker state of the starter's circuit breaker for this provider of service
 * {@code sms} ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}), or {@code null} before
 * its first call
 */
public record VendorState(String name, String url, String fault, boolean listening, long requests, String breaker) {

	static VendorState of(FakeSmsVendor vendor, String breaker) {
		return new VendorState(vendor.name(), vendor.url(), vendor.fault().type(), vendor.isListening(),
				vendor.requests(), breaker);
	}

}
