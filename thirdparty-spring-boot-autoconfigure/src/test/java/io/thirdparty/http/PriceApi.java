package io.thirdparty.http;

import java.util.concurrent.CompletableFuture;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

import io.thirdparty.ThirdPartyCall;

/**
 * A declarative client of service {@code price}, registered in group {@code price}.
 */
@ThirdPartyCall(service = "price", key = "#sku")
@HttpExchange("/prices")
public interface PriceApi {

	@GetExchange("/{sku}")
	VendorAnswer price(@PathVariable String sku);

	@GetExchange("/{sku}")
	CompletableFuture<VendorAnswer> priceLater(@PathVariable String sku);

}
