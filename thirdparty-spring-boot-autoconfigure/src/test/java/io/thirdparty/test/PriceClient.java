package io.thirdparty.test;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import io.thirdparty.Provider;
import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyContext;

/**
 * A bean calling the fake vendors of service {@code price} over real HTTP, the way a
 * user's cached client would.
 */
public class PriceClient {

	private final RestClient rest;

	private final AtomicInteger fallbacks = new AtomicInteger();

	public PriceClient() {
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build());
		factory.setReadTimeout(Duration.ofSeconds(5));
		this.rest = RestClient.builder().requestFactory(factory).build();
	}

	@ThirdPartyCall(service = "price", key = "#sku", fallback = "unknownPrice")
	public Price price(String sku) {
		return new Price(sku, new BigDecimal("9.99"), fetch("/prices/" + sku));
	}

	/** Cached under every argument: {@code quote:[<sku>,<quantity>]}. */
	@ThirdPartyCall(service = "price")
	public Price quote(String sku, int quantity) {
		return new Price(sku, new BigDecimal("9.99").multiply(BigDecimal.valueOf(quantity)),
				fetch("/quotes/" + sku + "/" + quantity));
	}

	/** Cached under a SpEL expression over the arguments. */
	@ThirdPartyCall(service = "price", key = "#p0.toUpperCase() + '@' + #root.methodName")
	public Price regional(String sku, String region) {
		return new Price(sku, BigDecimal.ONE, fetch("/regional/" + sku + "/" + region));
	}

	/** The vendor knows nothing of this product. */
	@ThirdPartyCall(service = "price", key = "#sku")
	public Price missing(String sku) {
		fetch("/missing/" + sku);
		return null;
	}

	Price unknownPrice(String sku) {
		this.fallbacks.incrementAndGet();
		return new Price(sku, BigDecimal.ZERO, "fallback");
	}

	public int fallbacks() {
		return this.fallbacks.get();
	}

	private String fetch(String path) {
		Provider provider = ThirdPartyContext.provider();
		return this.rest.get().uri(provider.url() + path).retrieve().body(String.class);
	}

}
