package io.thirdparty.cache;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.core.MethodClassKey;

import io.thirdparty.pipeline.CallSpec;

/**
 * Which keyspace each cached method of the application keeps its entries in, and so the
 * prefix of its keys: none when its service has one keyspace, {@code <keyspace>:} when it
 * has several. A method without a declared keyspace is in the one named after it: its
 * name, or, where two methods of one service share the name (overloads, or one method
 * inherited by beans of two classes), its class's simple name, name and parameter types,
 * or those fully qualified.
 */
final class Keyspaces {

	static final Keyspaces NONE = new Keyspaces(Map.of(), Map.of());

	final Map<MethodClassKey, String> prefixes;

	final Map<String, Set<String>> names;

	Keyspaces(Map<MethodClassKey, String> prefixes, Map<String, Set<String>> names) {
		this.prefixes = prefixes;
		this.names = names;
	}

	/**
	 * Returns the prefix of a method's keys.
	 * @param spec the method
	 * @param declared the keyspace each method declares, empty for none
	 * @return the prefix, empty for none
	 */
	String prefix(CallSpec spec, Function<CallSpec, String> declared) {
		String prefix = this.prefixes.get(new MethodClassKey(spec.method(), spec.targetClass()));
		if (prefix != null) {
			return prefix;
		}
		// a method not found on the application's beans gets a keyspace no found method
		// has,
		// unless it declares the only keyspace of its service
		String name = declared.apply(spec);
		Set<String> known = this.names.getOrDefault(spec.service(), Set.of());
		if (!name.isEmpty() && known.size() == 1 && known.contains(name)) {
			return "";
		}
		return KeyEncoding.escape(name.isEmpty() ? qualified(spec) : name) + ':';
	}

	/**
	 * Names the keyspace of each cached method of one service.
	 * @param methods the service's cached methods, each (method, target class) once
	 * @param declared the keyspace each method declares, empty for none
	 * @return the keyspace of each method
	 */
	static Map<CallSpec, String> name(List<CallSpec> methods, Function<CallSpec, String> declared) {
		Map<CallSpec, String> names = new LinkedHashMap<>();
		List<CallSpec> undeclared = new ArrayList<>();
		for (CallSpec spec : methods) {
			String name = declared.apply(spec);
			if (name.isEmpty()) {
				undeclared.add(spec);
			}
			else {
				names.put(spec, name);
			}
		}
		Map<String, List<CallSpec>> byName = undeclared.stream()
			.collect(Collectors.groupingBy((spec) -> spec.method().getName(), LinkedHashMap::new, Collectors.toList()));
		byName.forEach((name, specs) -> {
			if (specs.size() == 1) {
				names.put(specs.get(0), name);
				return;
			}
			Map<String, List<CallSpec>> byShortName = specs.stream()
				.collect(Collectors.groupingBy(Keyspaces::simple, LinkedHashMap::new, Collectors.toList()));
			byShortName.forEach((shortName, same) -> same
				.forEach((spec) -> names.put(spec, (same.size() == 1) ? shortName : qualified(spec))));
		});
		return names;
	}

	private static String simple(CallSpec spec) {
		Method method = spec.method();
		return spec.targetClass().getSimpleName() + '.' + method.getName()
				+ Arrays.stream(method.getParameterTypes())
					.map(Class::getSimpleName)
					.collect(Collectors.joining(",", "(", ")"));
	}

	private static String qualified(CallSpec spec) {
		Method method = spec.method();
		return spec.targetClass().getName() + '.' + method.getName()
				+ Arrays.stream(method.getParameterTypes())
					.map(Class::getTypeName)
					.collect(Collectors.joining(",", "(", ")"));
	}

}
