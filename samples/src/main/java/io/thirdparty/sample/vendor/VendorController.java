package io.thirdparty.sample.vendor;

import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Shows the fake vendors and makes them fail: {@code GET /vendors} and {@code POST
 * /vendors/{name}/fault?type=500|timeout|reset|down|none}.
 */
@RestController
@RequestMapping("/vendors")
class VendorController {

	private final FakeSmsVendors vendors;

	private final ObjectProvider<CircuitBreakerRegistry> breakers;

	VendorController(FakeSmsVendors vendors, ObjectProvider<CircuitBreakerRegistry> breakers) {
		this.vendors = vendors;
		this.breakers = breakers;
	}

	@GetMapping
	List<VendorState> vendors() {
		return this.vendors.all().stream().map(this::state).toList();
	}

	@PostMapping("/{name}/fault")
	VendorState fault(@PathVariable String name, @RequestParam String type) {
		FakeSmsVendor vendor = this.vendors.find(name)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
					"No vendor named '" + name + "'; the vendors are " + String.join(", ", this.vendors.names())));
		Fault fault = Fault.of(type)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"Unknown fault type '" + type + "'; use one of " + Fault.types()));
		vendor.apply(fault);
		return state(vendor);
	}

	private VendorState state(FakeSmsVendor vendor) {
		// the starter names each provider's breaker <service>.<provider>; find() never
		// creates one
		CircuitBreakerRegistry registry = this.breakers.getIfUnique();
		String breaker = (registry != null) ? registry.find("sms." + vendor.name())
			.map((circuitBreaker) -> circuitBreaker.getState().name())
			.orElse(null) : null;
		return VendorState.of(vendor, breaker);
	}

}
