package io.thirdparty.operator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The last operator change of each part of each service's state, kept in memory.
 */
final class OperatorRecords {

	private final Map<String, OperatorRecord> records = new ConcurrentHashMap<>();

	void put(String service, String part, OperatorRecord record) {
		this.records.put(key(service, part), record);
	}

	@Nullable OperatorRecord get(String service, String part) {
		return this.records.get(key(service, part));
	}

	private static String key(String service, String part) {
		return service + '\n' + part;
	}

}
