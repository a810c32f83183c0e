package io.thirdparty.cache;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The unambiguous text of cache-key values: an encoder is chosen once per type (a
 * parameter's declared type, a collection's element type, a record's component types), so
 * a call only walks its arguments. Texts are escaped ({@code \} before each of {@code \ :
 * , [ ] { } ( ) = ~}), so the separators of the encoding never come from a value;
 * {@code null} is {@code ~}; collections and arrays are {@code [a,b]} (sets sorted), maps
 * {@code {k=v,...}} sorted by key, records {@code Name(a,b)}, enums their name, and any
 * other value its own {@code toString}. A class that keeps {@code Object}'s identity
 * {@code toString} has no stable text.
 */
final class KeyEncoding {

	private static final int MAX_DEPTH = 8;

	private static final String SPECIAL = "\\:,[]{}()=~";

	/**
	 * Bit {@code c} set for each character {@code c} of {@link #SPECIAL}, all below 128:
	 * a key text is scanned on every cached call.
	 */
	private static final long[] SPECIAL_BITS = specialBits();

	/**
	 * Writes a value that has no stable text: nothing is written, the call is not keyed.
	 */
	private static final Encoder UNSTABLE = (value, out) -> false;

	private static final Encoder TEXT = (value, out) -> {
		escape(value.toString(), out);
		return true;
	};

	private static final Encoder PLAIN = (value, out) -> {
		out.append(value);
		return true;
	};

	private static final Encoder NAME = (value, out) -> {
		out.append(((Enum<?>) value).name());
		return true;
	};

	private static final Encoder PRIMITIVE_ARRAY = KeyEncoding::primitiveArray;

	private final Map<Class<?>, Encoder> byClass = new ConcurrentHashMap<>();

	private final Encoder dynamic = (value, out) -> write(this.byClass.computeIfAbsent(value.getClass(), this::ofClass),
			value, out);

	/**
	 * Writes one value to a key.
	 */
	@FunctionalInterface
	interface Encoder {

		/**
		 * Appends the text of a value that is not {@code null}.
		 * @param value the value
		 * @param out the key being written
		 * @return {@code false} when the value has no stable text
		 */
		boolean encode(Object value, StringBuilder out);

	}

	/**
	 * Returns the encoder of values declared with a type, or {@code null} when that type
	 * has no stable text ({@code Object}, or a class with the identity {@code toString}).
	 * @param type the declared type
	 * @return the encoder, or {@code null}
	 */
	Encoder forDeclared(ResolvableType type) {
		Class<?> raw = type.resolve();
		if (raw == null) {
			return this.dynamic;
		}
		Encoder encoder = encoder(raw, type, 0);
		return (encoder != UNSTABLE) ? encoder : null;
	}

	/**
	 * Returns the encoder that decides by each value's own class, for values whose type
	 * is only known at run time (an expression's result, a pulled map's keys).
	 * @return the encoder
	 */
	Encoder dynamic() {
		return this.dynamic;
	}

	/**
	 * Writes a value, {@code null} included.
	 * @param encoder the value's encoder
	 * @param value the value
	 * @param out the key being written
	 * @return {@code false} when the value has no stable text
	 */
	static boolean write(Encoder encoder, Object value, StringBuilder out) {
		if (value == null) {
			out.append('~');
			return true;
		}
		return encoder.encode(value, out);
	}

	/**
	 * Returns a text escaped for a key; the text itself when it has nothing to escape.
	 * @param text the text
	 * @return the escaped text
	 */
	static String escape(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (isSpecial(text.charAt(i))) {
				StringBuilder out = new StringBuilder(text.length() + 8);
				escape(text, out);
				return out.toString();
			}
		}
		return text;
	}

	static void escape(String text, StringBuilder out) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (isSpecial(c)) {
				out.append('\\');
			}
			out.append(c);
		}
	}

	private static boolean isSpecial(char c) {
		return c < 128 && (SPECIAL_BITS[c >> 6] & (1L << c)) != 0;
	}

	private static long[] specialBits() {
		long[] bits = new long[2];
		for (int i = 0; i < SPECIAL.length(); i++) {
			char c = SPECIAL.charAt(i);
			bits[c >> 6] |= 1L << c;
		}
		return bits;
	}

	/**
	 * Returns whether values of a type are written as escaped text by
	 * {@link #escape(String)}.
	 * @param encoder an encoder
	 * @return {@code true} for the encoder of strings
	 */
	static boolean isText(Encoder encoder) {
		return encoder == TEXT;
	}

	private Encoder ofClass(Class<?> type) {
		return encoder(type, ResolvableType.forClass(type), 0);
	}

	private Encoder element(ResolvableType type, int depth) {
		Class<?> raw = type.resolve();
		// a nested record, or a type deeper than any real key, is found by its class at
		// run time,
		// so that a type containing itself does not recurse here
		return (raw == null || raw == Object.class || raw.isRecord() || depth > MAX_DEPTH) ? this.dynamic
				: encoder(raw, type, depth);
	}

	private Encoder encoder(Class<?> raw, ResolvableType type, int depth) {
		if (CharSequence.class.isAssignableFrom(raw) || raw == char.class || raw == Character.class) {
			return TEXT;
		}
		if (ClassUtils.isPrimitiveOrWrapper(raw)) {
			return PLAIN;
		}
		if (Enum.class.isAssignableFrom(raw)) {
			return NAME;
		}
		if (raw.isArray()) {
			return raw.getComponentType().isPrimitive() ? PRIMITIVE_ARRAY
					: sequence(element(type.getComponentType(), depth + 1), false);
		}
		if (Collection.class.isAssignableFrom(raw)) {
			return sequence(element(type.asCollection().getGeneric(0), depth + 1), Set.class.isAssignableFrom(raw));
		}
		if (Map.class.isAssignableFrom(raw)) {
			ResolvableType map = type.asMap();
			Encoder keys = element(map.getGeneric(0), depth + 1);
			Encoder values = element(map.getGeneric(1), depth + 1);
			return (keys != UNSTABLE && values != UNSTABLE) ? map(keys, values) : UNSTABLE;
		}
		if (raw == Optional.class) {
			Encoder value = element(type.getGeneric(0), depth + 1);
			return (value != UNSTABLE) ? (optional, out) -> write(value, ((Optional<?>) optional).orElse(null), out)
					: UNSTABLE;
		}
		if (raw.isRecord()) {
			return record(raw);
		}
		if (raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) {
			return this.dynamic;
		}
		return hasOwnToString(raw) ? TEXT : UNSTABLE;
	}

	private static boolean hasOwnToString(Class<?> type) {
		return ReflectionUtils.findMethod(type, "toString").getDeclaringClass() != Object.class;
	}

	private static Encoder sequence(Encoder elements, boolean sorted) {
		if (elements == UNSTABLE) {
			return UNSTABLE;
		}
		return (value, out) -> {
			Iterable<?> items = value.getClass().isArray() ? List.of((Object[]) value) : (Iterable<?>) value;
			if (sorted || value instanceof Set) {
				List<String> texts = new ArrayList<>();
				for (Object item : items) {
					StringBuilder text = new StringBuilder();
					if (!write(elements, item, text)) {
						return false;
					}
					texts.add(text.toString());
				}
				texts.sort(null);
				out.append('[').append(String.join(",", texts)).append(']');
				return true;
			}
			out.append('[');
			boolean first = true;
			for (Object item : items) {
				if (!first) {
					out.append(',');
				}
				first = false;
				if (!write(elements, item, out)) {
					return false;
				}
			}
			out.append(']');
			return true;
		};
	}

	private static Encoder map(Encoder keys, Encoder values) {
		return (value, out) -> {
			List<String[]> entries = new ArrayList<>();
			for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
				StringBuilder key = new StringBuilder();
				StringBuilder text = new StringBuilder();
				if (!write(keys, entry.getKey(), key) || !write(values, entry.getValue(), text)) {
					return false;
				}
				entries.add(new String[] { key.toString(), text.toString() });
			}
			entries.sort((left, right) -> left[0].compareTo(right[0]));
			out.append('{');
			for (int i = 0; i < entries.size(); i++) {
				out.append((i > 0) ? "," : "").append(entries.get(i)[0]).append('=').append(entries.get(i)[1]);
			}
			out.append('}');
			return true;
		};
	}

	private Encoder record(Class<?> type) {
		RecordComponent[] components = type.getRecordComponents();
		MethodHandle[] accessors = new MethodHandle[components.length];
		Encoder[] encoders = new Encoder[components.length];
		for (int i = 0; i < components.length; i++) {
			try {
				ReflectionUtils.makeAccessible(components[i].getAccessor());
				accessors[i] = MethodHandles.lookup().unreflect(components[i].getAccessor());
			}
			catch (IllegalAccessException | RuntimeException ex) {
				// a record whose accessors cannot be read from here is keyed by its own
				// toString
				return TEXT;
			}
			encoders[i] = element(ResolvableType.forType(components[i].getGenericType()), 1);
			if (encoders[i] == UNSTABLE) {
				return UNSTABLE;
			}
		}
		String name = type.getSimpleName();
		return (value, out) -> {
			out.append(name).append('(');
			for (int i = 0; i < accessors.length; i++) {
				if (i > 0) {
					out.append(',');
				}
				Object component;
				try {
					component = accessors[i].invoke(value);
				}
				catch (Throwable ex) {
					throw new IllegalStateException(
							"Cannot read " + name + "." + components[i].getName() + " for a cache key", ex);
				}
				if (!write(encoders[i], component, out)) {
					return false;
				}
			}
			out.append(')');
			return true;
		};
	}

	private static boolean primitiveArray(Object array, StringBuilder out) {
		out.append('[');
		if (array instanceof char[] chars) {
			for (int i = 0; i < chars.length; i++) {
				escape(String.valueOf(chars[i]), out.append((i > 0) ? "," : ""));
			}
		}
		else if (array instanceof int[] ints) {
			for (int i = 0; i < ints.length; i++) {
				out.append((i > 0) ? "," : "").append(ints[i]);
			}
		}
		else if (array instanceof long[] longs) {
			for (int i = 0; i < longs.length; i++) {
				out.append((i > 0) ? "," : "").append(longs[i]);
			}
		}
		else if (array instanceof byte[] bytes) {
			for (int i = 0; i < bytes.length; i++) {
				out.append((i > 0) ? "," : "").append(bytes[i]);
			}
		}
		else if (array instanceof short[] shorts) {
			for (int i = 0; i < shorts.length; i++) {
				out.append((i > 0) ? "," : "").append(shorts[i]);
			}
		}
		else if (array instanceof boolean[] booleans) {
			for (int i = 0; i < booleans.length; i++) {
				out.append((i > 0) ? "," : "").append(booleans[i]);
			}
		}
		else if (array instanceof float[] floats) {
			for (int i = 0; i < floats.length; i++) {
				out.append((i > 0) ? "," : "").append(floats[i]);
			}
		}
		else {
			double[] doubles = (double[]) array;
			for (int i = 0; i < doubles.length; i++) {
				out.append((i > 0) ? "," : "").append(doubles[i]);
			}
		}
		out.append(']');
		return true;
	}

}
