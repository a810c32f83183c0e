package io.thirdparty.adapter;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.client.BufferingClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import io.thirdparty.autoconfigure.ThirdPartyAdapterAutoConfiguration;
import io.thirdparty.signing.ThirdPartyRestClients;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.PipelineRunner;

/**
 * Two fake vendors with different APIs for the adapter tests: {@code provider_a} checks
 * its JSON API ({@code POST /v1/messages}, {@code X-Api-Key}), {@code provider_b} its
 * form API ({@code POST /sms/send}, bearer token); a request in the other vendor's format
 * gets 401.
 */
final class AdapterTestVendors {

	static final String API_KEY = "key-a";

	static final String TOKEN = "token-b";

	private AdapterTestVendors() {
	}

	static FakeVendor jsonVendor() {
		return FakeVendor.start("provider_a")
			.verify((request) -> request.method().equals("POST") && request.target().equals("/v1/messages")
					&& API_KEY.equals(request.header("X-Api-Key"))
					&& request.header("Content-Type").startsWith("application/json")
					&& new String(request.body(), StandardCharsets.UTF_8).contains("\"to\""));
	}

	static FakeVendor formVendor() {
		return FakeVendor.start("provider_b")
			.verify((request) -> request.method().equals("POST") && request.target().equals("/sms/send")
					&& ("Bearer " + TOKEN).equals(request.header("Authorization"))
					&& request.header("Content-Type").startsWith("application/x-www-form-urlencoded")
					&& new String(request.body(), StandardCharsets.UTF_8).startsWith("To="));
	}

	/**
	 * Returns a runner with the pipeline, the adapters' auto-configuration and service
	 * {@code sms} on both vendors, with their credentials.
	 */
	static ApplicationContextRunner runner(FakeVendor a, int weightA, FakeVendor b, int weightB) {
		return PipelineRunner.create()
			.withConfiguration(AutoConfigurations.of(ThirdPartyAdapterAutoConfiguration.class))
			.withPropertyValues("third-party.sms.retry.backoff=10ms")
			.withPropertyValues(providers(a.url(), weightA, b.url(), weightB).entrySet()
				.stream()
				.map((entry) -> entry.getKey() + "=" + entry.getValue())
				.toArray(String[]::new));
	}

	/**
	 * Returns the provider list of service {@code sms}, whole: a list binds from one
	 * property source only.
	 */
	static Map<String, Object> providers(String urlA, int weightA, String urlB, int weightB) {
		Map<String, Object> providers = new LinkedHashMap<>();
		providers.put("third-party.sms.providers[0].name", "provider_a");
		providers.put("third-party.sms.providers[0].url", urlA);
		providers.put("third-party.sms.providers[0].weight", weightA);
		providers.put("third-party.sms.providers[0].auth.type", "api-key");
		providers.put("third-party.sms.providers[0].auth.key", API_KEY);
		providers.put("third-party.sms.providers[1].name", "provider_b");
		providers.put("third-party.sms.providers[1].url", urlB);
		providers.put("third-party.sms.providers[1].weight", weightB);
		providers.put("third-party.sms.providers[1].priority", 1);
		providers.put("third-party.sms.providers[1].auth.type", "bearer");
		providers.put("third-party.sms.providers[1].auth.token", TOKEN);
		return providers;
	}

	/**
	 * Returns the starter's client for service {@code sms} when the application has
	 * {@link ThirdPartyRestClients}, else a plain one.
	 */
	static RestClient restClient(ObjectProvider<ThirdPartyRestClients> clients) {
		ThirdPartyRestClients starter = clients.getIfAvailable();
		return (starter != null) ? starter.builder("sms").build() : restClient();
	}

	static RestClient restClient() {
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(1))
			.build());
		factory.setReadTimeout(Duration.ofSeconds(5));
		// buffered, so that the fake vendors get a Content-Length rather than a chunked
		// body
		return RestClient.builder().requestFactory(new BufferingClientHttpRequestFactory(factory)).build();
	}

}
