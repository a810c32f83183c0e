package io.thirdparty.benchmarks;

import io.thirdparty.ThirdPartyCall;

/**
 * The benchmarks' vendor client: {@link PlainClient}'s method under
 * {@code @ThirdPartyCall}, once without a time limit and once with one. The method
 * returns a constant and does no I/O, so what is measured is the pipeline alone.
 */
public class AnnotatedClient {

	/**
	 * Sends through service {@code bench}: one provider, circuit breaker and retry at
	 * their defaults, no {@code timeout}.
	 * @param to the recipient
	 * @return a constant
	 */
	@ThirdPartyCall(service = "bench")
	public String send(String to) {
		return "OK";
	}

	/**
	 * Sends through service {@code bench-timeout}: as {@code bench} plus
	 * {@code timeout: 1s}, so each attempt runs on the time-limit executor.
	 * @param to the recipient
	 * @return a constant
	 */
	@ThirdPartyCall(service = "bench-timeout")
	public String sendWithTimeout(String to) {
		return "OK";
	}

}
