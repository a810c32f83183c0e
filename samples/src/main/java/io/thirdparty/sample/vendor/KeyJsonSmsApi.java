package io.thirdparty.sample.vendor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API of {@code provider_a}, in the style of Aliyun's: {@code POST /v2/sms/messages}
 * with a JSON body {@code {"phoneNumber":"...","content":"..."}} and the API key in
 * {@code X-Api-Key}. It answers {@code 200 {"code":"OK","bizId":"..."}}, and reports
 * errors in the {@code code} field: a business error (an invalid number) still comes with
 * a {@code 200}.
 */
public final class KeyJsonSmsApi implements SmsApi {

	private final JsonMapper json = JsonMapper.builder().build();

	private final String apiKey;

	/**
	 * Creates the API.
	 * @param apiKey the key the vendor expects in {@code X-Api-Key}
	 */
	public KeyJsonSmsApi(String apiKey) {
		this.apiKey = apiKey;
	}

	@Override
	public Answer answer(Request request, String messageId) {
		if (!"POST".equals(request.method()) || !"/v2/sms/messages".equals(request.path())) {
			return new Answer("404 Not Found", error("NotFound", "no such operation"));
		}
		String key = request.header("x-api-key");
		if (key == null || !MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
				this.apiKey.getBytes(StandardCharsets.UTF_8))) {
			return new Answer("401 Unauthorized", error("InvalidAccessKeyId", "the API key is missing or wrong"));
		}
		JsonNode message;
		try {
			message = this.json.readTree(request.body());
		}
		catch (JacksonException ex) {
			return new Answer("400 Bad Request", error("InvalidParameter", "the body is not JSON"));
		}
		if (!PHONE.matcher(message.path("phoneNumber").asString("")).matches()) {
			return new Answer("200 OK", error("isv.MOBILE_NUMBER_ILLEGAL", "invalid phone number"));
		}
		return new Answer("200 OK", "{\"code\":\"OK\",\"bizId\":\"" + messageId + "\"}");
	}

	@Override
	public Answer internalError() {
		return new Answer("500 Internal Server Error", error("InternalError", "the request processing has failed"));
	}

	private static String error(String code, String message) {
		return "{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}";
	}

}
