package io.thirdparty.benchmarks;

/**
 * The benchmarks' vendor client without protection: the same method as
 * {@link AnnotatedClient}, no annotation, so Spring gives out the bean itself.
 */
public class PlainClient {

	/**
	 * Sends nothing anywhere.
	 * @param to the recipient
	 * @return a constant
	 */
	public String send(String to) {
		return "OK";
	}

}
