package io.thirdparty.actuate;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;

import com.jayway.jsonpath.JsonPath;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * A small HTTP client for the application under test, answering status and body whatever the
 * status.
 */
final class Http {

	private final RestClient rest;

	Http(int port) {
		this.rest = RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory(HttpClient.newHttpClient()))
			.baseUrl("http://127.0.0.1:" + port)
			.build();
	}

	Response get(String path) {
		return this.rest.get().uri(path).exchange((request, response) -> read(response.getStatusCode().value(),
				response.getBody().readAllBytes()));
	}

	Response post(String path, String json) {
		return this.rest.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange((request, response) -> read(response.getStatusCode().value(), response.getBody().readAllBytes()));
	}

	private static Response read(int status, byte[] body) throws IOException {
		return new Response(status, new String(body, StandardCharsets.UTF_8));
	}

	/**
	 * An answer.
	 *
	 * @param status the HTTP status
	 * @param body the body
	 */
	record Response(int status, String body) {

		<T> T json(String path) {
			return JsonPath.read(this.body, path);
		}

	}

}
