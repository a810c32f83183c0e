package io.thirdparty.sample.price;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

import io.thirdparty.ThirdPartyCall;

/**
 * Looks prices up at the price vendor, through the starter's proxy cache: the first
 * lookup of a product goes to the (slow) vendor, the next ones within the ttl are
 * answered from the cache, concurrent lookups of one product make one vendor call, and
 * while the vendor is down an expired price is still answered within
 * {@code stale-if-error}. Configured under {@code third_party.price} in
 * {@code application.yml}.
 * <p>
 * A declarative HTTP client: no HTTP code. It is registered in the HTTP service group
 * named like the service ({@link PriceClientConfiguration}), so each attempt's request
 * goes to the chosen provider's url.
 */
@ThirdPartyCall(service = "price", key = "#sku")
@HttpExchange("/prices")
public interface PriceClient {

	/**
	 * Looks a price up; cached as {@code price:<sku>:<version>}.
	 * @param sku the product
	 * @return its price
	 */
	@GetExchange("/{sku}")
	Price price(@PathVariable String sku);

}
