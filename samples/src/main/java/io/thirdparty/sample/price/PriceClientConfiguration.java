package io.thirdparty.sample.price;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * Registers {@link PriceClient} in the HTTP service group {@code price}, which the
 * starter routes to the providers of {@code third_party.price}.
 */
@Configuration(proxyBeanMethods = false)
@ImportHttpServices(group = "price", types = PriceClient.class)
class PriceClientConfiguration {

}
