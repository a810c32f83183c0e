package io.thirdparty.sample.vendor;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The API a fake SMS vendor speaks: what it accepts (path, payload, authentication) and
 * how it answers and fails. Each of the sample's vendors has its own, as real vendors do.
 */
public interface SmsApi {

	/** A phone number the vendors accept: an optional {@code +} and 6 to 15 digits. */
	Pattern PHONE = Pattern.compile("\\+?[0-9]{6,15}");

	/**
	 * Answers a request the vendor received while healthy.
	 * @param request the request
	 * @param messageId the id to give the message if the vendor takes it
	 * @return the answer
	 */
	Answer answer(Request request, String messageId);

	/**
	 * Returns the answer to every request while the vendor fails with {@code 500}.
	 * @return the answer, in the vendor's error format
	 */
	Answer internalError();

	/**
	 * A request as the vendor received it.
	 *
	 * @param method the method
	 * @param path the path, without the query
	 * @param headers the headers, names in lower case
	 * @param body the body
	 */
	record Request(String method, String path, Map<String, String> headers, byte[] body) {

		/**
		 * Returns a header.
		 * @param name the header's name, in lower case
		 * @return the value, or {@code null}
		 */
		public String header(String name) {
			return this.headers.get(name);
		}

		/**
		 * Returns the body as text.
		 * @return the UTF-8 body
		 */
		public String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

	/**
	 * An answer.
	 *
	 * @param status the status line's code and reason, e.g. {@code 200 OK}
	 * @param body the JSON body
	 */
	record Answer(String status, String body) {
	}

}
