package io.thirdparty.sample.vendor;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.thirdparty.resilience.ProviderGuard;
import io.thirdparty.resilience.ProviderGuards;

/**
 * Shows the fake vendors and makes them fail: {@code GET /vendors} and {@code POST
 * /vendors/{name}/fault?type=500|timeout|reset|down|none}.
 */
@RestController
@RequestMapping("/vendors")
class VendorController {

	private final FakeSmsVendors vendors;

	private final ObjectProvider<ProviderGuards> guards;

	VendorController(FakeSmsVendors vendors, ObjectProvider<ProviderGuards> guards) {
		this.vendors = vendors;
		this.guards = guards;
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
		// the starter keys each provider's guard (and names its breaker)
		// <service>.<provider>
		ProviderGuards guards = this.guards.getIfUnique();
		ProviderGuard guard = (guards != null) ? guards.find("sms." + vendor.name()) : null;
		String breaker = (guard != null && guard.getCircuitBreaker() != null)
				? guard.getCircuitBreaker().getState().name() : null;
		return VendorState.of(vendor, breaker);
	}

}
