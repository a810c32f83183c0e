package io.thirdparty.test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.thirdparty.ThirdPartyPull;

/**
 * Bulk-loads every price of service {@code price}, as the seed's scheduled pull does.
 */
public class PricePuller {

	private final AtomicInteger pulls = new AtomicInteger();

	@ThirdPartyPull(service = "price", keyspace = "price")
	public Map<String, Price> allPrices() {
		int round = this.pulls.incrementAndGet();
		Map<String, Price> prices = new LinkedHashMap<>();
		for (String sku : new String[] { "apple", "pear", "plum" }) {
			prices.put(sku, new Price(sku, new BigDecimal("1.50"), "pulled#" + round));
		}
		return prices;
	}

	public int pulls() {
		return this.pulls.get();
	}

}
