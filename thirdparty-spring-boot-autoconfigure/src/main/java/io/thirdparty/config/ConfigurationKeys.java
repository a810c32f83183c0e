package io.thirdparty.config;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.core.ResolvableType;

/**
 * The keys a settings class takes, found the way Boot's binder finds them (JavaBean
 * properties with a setter, or a getter returning a nested object, list or map), so that
 * a key written in the environment can be told valid or unknown, and an unknown one
 * matched to the nearest valid key. Keys are written relative to the class:
 * {@code retry.max-attempts}, {@code providers[i].auth.type},
 * {@code providers[i].metadata.*}.
 */
final class ConfigurationKeys {

	/** Stands for a list index in a key. */
	static final String INDEX = "[i]";

	/** Stands for a map key in a key. */
	static final String ANY = "*";

	private static final Pattern NUMERIC_INDEX = Pattern.compile("\\[\\d+]");

	private final Node root;

	private final Map<String, Class<?>> types;

	private final List<String> keys;

	private ConfigurationKeys(Node root) {
		this.root = root;
		Map<String, Class<?>> types = new LinkedHashMap<>();
		collect(root, "", types);
		this.types = Collections.unmodifiableMap(types);
		this.keys = List.copyOf(types.keySet());
	}

	/**
	 * Returns the keys of a settings class.
	 * @param type the class, a JavaBean as bound by Boot
	 * @return its keys
	 */
	static ConfigurationKeys of(Class<?> type) {
		return new ConfigurationKeys(node(ResolvableType.forClass(type)));
	}

	/**
	 * Returns these keys without one property of the class and everything under it.
	 * @param property the property, in dashed form
	 * @return the other keys
	 */
	ConfigurationKeys without(String property) {
		Map<String, Node> children = new LinkedHashMap<>(this.root.children);
		children.remove(property);
		return new ConfigurationKeys(new Node(Kind.BEAN, children, null, this.root.type));
	}

	/**
	 * Returns every key the class takes, relative to it, in configuration order; a list
	 * index is written {@value #INDEX}, a map key {@value #ANY}.
	 * @return the keys
	 */
	List<String> keys() {
		return this.keys;
	}

	/**
	 * Returns the type of the value of a key: of each element for a list of plain values.
	 * @param key one of {@link #keys()}
	 * @return the type, or {@code null} for an unknown key
	 */
	Class<?> type(String key) {
		return this.types.get(key);
	}

	/**
	 * Returns whether a name written in the environment is one the class binds, from the
	 * given element on. A name that stops at a nested object, list or map (an empty YAML
	 * mapping) counts as known; so does anything under a map of plain values.
	 * @param name the name
	 * @param from index of the first element that belongs to the class
	 * @return {@code true} when the name binds
	 */
	boolean isKnown(ConfigurationPropertyName name, int from) {
		Node node = this.root;
		for (int i = from; i < name.getNumberOfElements(); i++) {
			String element = name.getElement(i, Form.UNIFORM);
			boolean index = name.isNumericIndex(i)
					|| (!element.isEmpty() && element.chars().allMatch(Character::isDigit));
			switch (node.kind) {
				case LEAF -> {
					return false;
				}
				case BEAN -> {
					node = index ? null : node.child(element);
					if (node == null) {
						return false;
					}
				}
				case LIST -> {
					if (!index) {
						return false;
					}
					node = node.element;
					if (node.kind == Kind.LEAF) {
						return i == name.getNumberOfElements() - 1;
					}
				}
				case MAP -> {
					if (node.element.kind == Kind.LEAF) {
						return true;
					}
					node = node.element;
				}
			}
		}
		return true;
	}

	/**
	 * Returns the valid key nearest to an unknown one by edit distance, with the unknown
	 * key's list indexes put back in.
	 * @param key the unknown key, relative to the class, in dashed form with numeric
	 * indexes
	 * @return the nearest key
	 */
	String nearest(String key) {
		String template = NUMERIC_INDEX.matcher(key).replaceAll(Matcher.quoteReplacement(INDEX));
		String best = this.keys.get(0);
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : this.keys) {
			int distance = distance(template, candidate);
			if (distance < bestDistance) {
				best = candidate;
				bestDistance = distance;
			}
		}
		Matcher indexes = NUMERIC_INDEX.matcher(key);
		StringBuilder nearest = new StringBuilder();
		int start = 0;
		for (int at = best.indexOf(INDEX); at >= 0; at = best.indexOf(INDEX, start)) {
			nearest.append(best, start, at).append(indexes.find() ? indexes.group() : "[0]");
			start = at + INDEX.length();
		}
		return nearest.append(best.substring(start)).toString();
	}

	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	private static void collect(Node node, String prefix, Map<String, Class<?>> keys) {
		switch (node.kind) {
			case LEAF -> keys.put(prefix, node.type);
			case BEAN -> node.children.forEach((name, child) -> collect(child, join(prefix, name), keys));
			case LIST -> {
				if (node.element.kind == Kind.LEAF) {
					keys.put(prefix, node.element.type);
				}
				else {
					collect(node.element, prefix + INDEX, keys);
				}
			}
			case MAP -> collect(node.element, join(prefix, ANY), keys);
		}
	}

	private static String join(String prefix, String name) {
		return prefix.isEmpty() ? name : prefix + "." + name;
	}

	private static Node node(ResolvableType type) {
		Class<?> resolved = type.toClass();
		if (Collection.class.isAssignableFrom(resolved) || resolved.isArray()) {
			ResolvableType element = resolved.isArray() ? type.getComponentType() : type.asCollection().getGeneric(0);
			return new Node(Kind.LIST, null, node(element), resolved);
		}
		if (Map.class.isAssignableFrom(resolved)) {
			return new Node(Kind.MAP, null, node(type.asMap().getGeneric(1)), resolved);
		}
		if (!isSettingsClass(resolved)) {
			return new Node(Kind.LEAF, null, null, resolved);
		}
		Map<String, Node> children = new LinkedHashMap<>();
		for (String property : propertyNames(resolved)) {
			PropertyDescriptor descriptor = BeanUtils.getPropertyDescriptor(resolved, property);
			Method getter = (descriptor != null) ? descriptor.getReadMethod() : null;
			if (getter == null) {
				continue;
			}
			Node child = node(ResolvableType.forMethodReturnType(getter, resolved));
			if (descriptor.getWriteMethod() != null || child.kind != Kind.LEAF) {
				children.put(DataObjectPropertyName.toDashedForm(property), child);
			}
		}
		return new Node(Kind.BEAN, children, null, resolved);
	}

	/**
	 * Returns the class's properties in declaration order of their fields (the order the
	 * configuration and the documentation use), then any without a field.
	 */
	private static List<String> propertyNames(Class<?> type) {
		List<String> names = new ArrayList<>();
		List<Class<?>> hierarchy = new ArrayList<>();
		for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
			hierarchy.add(0, current);
		}
		for (Class<?> current : hierarchy) {
			for (Field field : current.getDeclaredFields()) {
				if (!Modifier.isStatic(field.getModifiers()) && !names.contains(field.getName())) {
					names.add(field.getName());
				}
			}
		}
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (!names.contains(descriptor.getName()) && !descriptor.getName().equals("class")) {
				names.add(descriptor.getName());
			}
		}
		return names;
	}

	private static boolean isSettingsClass(Class<?> type) {
		return !type.isEnum() && !type.isPrimitive() && !type.isInterface()
				&& type.getPackageName().startsWith("io.thirdparty");
	}

	/**
	 * Returns a name in dashed form, list indexes in brackets, from the given element on.
	 * @param name the name
	 * @param from index of the first element to include
	 * @return the key
	 */
	static String dashed(ConfigurationPropertyName name, int from) {
		StringBuilder key = new StringBuilder();
		for (int i = from; i < name.getNumberOfElements(); i++) {
			String element = name.getElement(i, Form.DASHED).toLowerCase(Locale.ROOT);
			if (name.isNumericIndex(i)) {
				key.append('[').append(element).append(']');
			}
			else {
				key.append((key.length() > 0) ? "." : "").append(element);
			}
		}
		return key.toString();
	}

	private enum Kind {

		LEAF, BEAN, LIST, MAP

	}

	private record Node(Kind kind, Map<String, Node> children, Node element, Class<?> type) {

		/**
		 * Returns the property of a settings class written as the given element, compared
		 * as Boot compares names (case, dashes and underscores aside).
		 */
		Node child(String uniformElement) {
			for (Map.Entry<String, Node> child : this.children.entrySet()) {
				if (uniform(child.getKey()).equals(uniformElement)) {
					return child.getValue();
				}
			}
			return null;
		}

		private static String uniform(String dashed) {
			StringBuilder uniform = new StringBuilder(dashed.length());
			for (char c : dashed.toCharArray()) {
				if (Character.isLetterOrDigit(c)) {
					uniform.append(Character.toLowerCase(c));
				}
			}
			return uniform.toString();
		}

	}

}
