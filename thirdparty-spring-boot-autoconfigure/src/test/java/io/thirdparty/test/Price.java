package io.thirdparty.test;

import java.math.BigDecimal;

/**
 * A price as a vendor gives it: what tests cache.
 *
 * @param sku the product
 * @param amount the price
 * @param source the body the vendor answered with, or where the price came from
 */
public record Price(String sku, BigDecimal amount, String source) {
}
