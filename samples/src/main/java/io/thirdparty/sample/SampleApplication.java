package io.thirdparty.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Sample application: sends SMS through two fake vendors with the starter's weighted
 * selection, failover and circuit breakers, on embedded defaults (no Redis, no Nacos).
 * <p>
 * The vendors run inside the application (see {@code FakeSmsVendorsInitializer});
 * {@code POST /sms} sends, {@code GET /vendors} shows them and {@code POST
 * /vendors/{name}/fault?type=...} breaks them. See {@code samples/README.md}.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
