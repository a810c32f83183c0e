package io.thirdparty.sample.vendor;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a fake vendor misbehaves, named as in {@code POST /vendors/{name}/fault?type=...}.
 */
public enum Fault {

	/** Healthy: listening and answering 200. */
	NONE("none"),

	/** Answers every request with 500 Internal Server Error. */
	ERROR_500("500"),

	/** Reads the request and never answers, until the client gives up. */
	TIMEOUT("timeout"),

	/** Reads the request and resets the connection (TCP RST) without answering. */
	RESET("reset"),

	/** Not listening: connections are refused. */
	DOWN("down");

	private final String type;

	Fault(String type) {
		this.type = type;
	}

	/**
	 * Returns the name of the fault in the API.
	 * @return the type, for example {@code 500} or {@code timeout}
	 */
	public String type() {
		return this.type;
	}

	/**
	 * Returns the fault of a type name.
	 * @param type the name, as in the API
	 * @return the fault, or empty for an unknown name
	 */
	public static Optional<Fault> of(String type) {
		return Arrays.stream(values()).filter((fault) -> fault.type.equalsIgnoreCase(type)).findFirst();
	}

	/**
	 * Returns every type name, for error messages.
	 * @return the names, comma separated
	 */
	public static String types() {
		return Arrays.stream(values()).map(Fault::type).collect(Collectors.joining(", "));
	}

}
