package io.thirdparty.sample.price;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A product price (商品价格) as the price vendor quotes it.
 *
 * @param sku the product
 * @param amount the price
 * @param currency the currency
 * @param quote the vendor's number for this quote: the same number twice means a cached
 * answer
 * @param quotedAt when the vendor quoted it
 */
public record Price(String sku, BigDecimal amount, String currency, long quote, Instant quotedAt) {
}
