package io.thirdparty.sample.price;

import java.util.Map;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.thirdparty.provider.ServiceRegistry;

/**
 * The cached price lookup over HTTP: {@code GET /prices/{sku}}; and the knobs of the
 * walk-through: {@code POST /prices/vendor/down|up}, {@code GET /prices/vendor}, and
 * {@code POST /prices/cache/version?value=v2}, which changes
 * {@code third_party.price.cache.version} while the application runs, as an operator or a
 * Nacos push would.
 */
@RestController
@RequestMapping("/prices")
class PriceController {

	private static final String VERSION = "third_party.price.cache.version";

	private final PriceClient prices;

	private final FakePriceVendor vendor;

	private final ConfigurableEnvironment environment;

	private final ServiceRegistry services;

	PriceController(PriceClient prices, FakePriceVendor vendor, ConfigurableEnvironment environment,
			ServiceRegistry services) {
		this.prices = prices;
		this.vendor = vendor;
		this.environment = environment;
		this.services = services;
	}

	@GetMapping("/{sku}")
	Price price(@PathVariable String sku) {
		return this.prices.price(sku);
	}

	@GetMapping("/vendor")
	Map<String, Object> vendor() {
		return Map.of("up", this.vendor.isUp(), "quotes", this.vendor.quotes());
	}

	@PostMapping("/vendor/{state:down|up}")
	Map<String, Object> vendor(@PathVariable String state) {
		if (state.equals("down")) {
			this.vendor.down();
		}
		else {
			this.vendor.up();
		}
		return vendor();
	}

	@PostMapping("/cache/version")
	Map<String, String> version(@RequestParam String value) {
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("priceCacheVersion", Map.of(VERSION, value)));
		this.services.reload();
		return Map.of("version", this.services.get("price").settings().getCache().getVersion());
	}

}
