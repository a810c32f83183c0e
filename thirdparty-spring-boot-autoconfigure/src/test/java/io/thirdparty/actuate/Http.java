package io.thirdparty.actuate;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;

import com.jayway.jsonpath.JsonPath;

import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * A small HTTP client for the application under test, answering status and body whatever
 * the status.
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
		return this.rest.get().uri(path).exchange((request, response) -> read(response));
	}

	Response post(String path, String json) {
		return this.rest.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange((request, response) -> read(response));
	}

	private static Response read(ClientHttpResponse response) throws IOException {
		MediaType type = response.getHeaders().getContentType();
		return new Response(response.getStatusCode().value(), (type != null) ? type.toString() : "",
				new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8));
	}

	/**
	 * An answer.
	 *
	 * @param status the HTTP status
	 * @param contentType the {@code Content-Type}, empty when there is none
	 * @param body the body
	 */
	record Response(int status, String contentType, String body) {

		<T> T json(String path) {
			return JsonPath.read(this.body, path);
		}

	}

}
