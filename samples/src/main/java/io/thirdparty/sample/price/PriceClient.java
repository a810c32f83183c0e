package io.thirdparty.sample.price;

import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyContext;

/**
 * Looks prices up at the price vendor, through the starter's proxy cache: the first lookup of a
 * product goes to the (slow) vendor, the next ones within the ttl are answered from the cache,
 * concurrent lookups of one product make one vendor call, and while the vendor is down an expired
 * price is still answered within {@code stale-if-error}. Configured under
 * {@code third_party.price} in {@code application.yml}.
 */
@Component
public class PriceClient {

	private final RestClient rest;

	public PriceClient(RestClient.Builder rest) {
		this.rest = rest.build();
	}

	/**
	 * Looks a price up; cached as {@code price:<sku>:<version>}.
	 * @param sku the product
	 * @return its price
	 */
	@ThirdPartyCall(service = "price", key = "#sku")
	public Price price(String sku) {
		return this.rest.get()
			.uri(ThirdPartyContext.provider().url() + "/prices/{sku}", sku)
			.retrieve()
			.body(Price.class);
	}

}
