package io.thirdparty.cache;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.expression.AnnotatedElementKey;
import org.springframework.context.expression.CachedExpressionEvaluator;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.MethodClassKey;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyPull;
import io.thirdparty.cache.KeyEncoding.Encoder;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.pipeline.CallSpec;
import io.thirdparty.pipeline.CallSpecResolver;

/**
 * Turns a call's arguments into the {@code <key>} part of its cache key, one {@link Plan}
 * per method and target class: from the SpEL expression of
 * {@code @ThirdPartyCall(key = ...)} ({@code #name}, {@code #p0}, {@code #a0},
 * {@code #root.args}), or from every argument when there is none, each value written by
 * {@link KeyEncoding} with the encoder its declared type was given when the plan was
 * built. Each expression is parsed once; an expression that only names a parameter is
 * read without SpEL.
 * <p>
 * Once all singletons exist it finds every cached method of the application's beans and
 * builds its plan, so an argument that cannot be keyed fails startup. A method's entries
 * live in its <em>keyspace</em>: {@code @ThirdPartyCall(keyspace)}, else the method's
 * name (with its class and parameter types where the name alone would be shared). When a
 * service's cached methods span more than one keyspace, each key starts with
 * {@code <keyspace>:}; a service with one keeps the plain {@code <key>}.
 */
public class CacheKeys extends CachedExpressionEvaluator implements SmartInitializingSingleton, BeanFactoryAware {

	private static final Log logger = LogFactory.getLog(CacheKeys.class);

	private static final Pattern SINGLE_VARIABLE = Pattern.compile("#([A-Za-z_$][A-Za-z0-9_$]*)");

	private static final Pattern INDEXED = Pattern.compile("[ap](\\d+)");

	private final CallSpecResolver specs;

	private final KeyEncoding encoding = new KeyEncoding();

	private final Map<ExpressionKey, Expression> expressions = new ConcurrentHashMap<>(64);

	private final Map<MethodClassKey, Plan> plans = new ConcurrentHashMap<>(64);

	private final Map<Method, Plan> lastByMethod = new ConcurrentHashMap<>(64);

	private volatile Keyspaces keyspaces;

	private ConfigurableListableBeanFactory beanFactory;

	/**
	 * Creates a key evaluator that knows only the methods given to
	 * {@link #prepare(Collection)}.
	 */
	public CacheKeys() {
		this(null);
	}

	/**
	 * Creates the key evaluator of an application; expressions run compiled where SpEL
	 * can compile them.
	 * @param specs resolves the spec of each method found on the application's beans
	 */
	public CacheKeys(CallSpecResolver specs) {
		super(new SpelExpressionParser(new SpelParserConfiguration(SpelCompilerMode.MIXED, null)));
		this.specs = specs;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		prepared();
	}

	/**
	 * Decides the keyspace of every cached method given and builds its plan.
	 * @param cached the specs of the application's third-party calls
	 * @throws InvalidThirdPartyConfigurationException when a method's key cannot be made
	 */
	public synchronized void prepare(Collection<CallSpec> cached) {
		Map<MethodClassKey, CallSpec> unique = new LinkedHashMap<>();
		for (CallSpec spec : cached) {
			if (!bypasses(spec)) {
				unique.putIfAbsent(new MethodClassKey(spec.method(), spec.targetClass()), spec);
			}
		}
		Map<String, List<CallSpec>> byService = unique.values()
			.stream()
			.collect(Collectors.groupingBy(CallSpec::service, LinkedHashMap::new, Collectors.toList()));
		Map<MethodClassKey, String> prefixes = new HashMap<>();
		Map<String, Set<String>> names = new HashMap<>();
		byService.forEach((service, methods) -> {
			Map<CallSpec, String> keyspaceOf = Keyspaces.name(methods, CacheKeys::declaredKeyspace);
			Set<String> distinct = new TreeSet<>(keyspaceOf.values());
			names.put(service, Collections.unmodifiableSet(distinct));
			keyspaceOf.forEach((spec, name) -> prefixes.put(new MethodClassKey(spec.method(), spec.targetClass()),
					(distinct.size() > 1) ? KeyEncoding.escape(name) + ':' : ""));
		});
		this.keyspaces = new Keyspaces(prefixes, names);
		this.plans.clear();
		this.lastByMethod.clear();
		unique.values().forEach(this::plan);
	}

	/**
	 * Returns how keys of a method on a target class are made, built on first use.
	 * @param spec the method's spec
	 * @return the plan
	 * @throws InvalidThirdPartyConfigurationException when the key cannot be made
	 */
	public Plan plan(CallSpec spec) {
		Plan last = this.lastByMethod.get(spec.method());
		if (last != null && last.spec == spec) {
			return last;
		}
		Plan plan = this.plans.get(new MethodClassKey(spec.method(), spec.targetClass()));
		if (plan == null) {
			Keyspaces current = prepared();
			plan = this.plans.computeIfAbsent(new MethodClassKey(spec.method(), spec.targetClass()),
					(key) -> build(spec, current));
		}
		this.lastByMethod.put(spec.method(), plan);
		return plan;
	}

	/**
	 * Returns how a {@code @ThirdPartyPull} of a service keys the entries it stores, so
	 * that they are the keys of the calls they answer.
	 * @param service the service filled
	 * @param keyspace the keyspace the pull names, empty for none
	 * @param where the pull method, for messages
	 * @return the pull's keys
	 * @throws InvalidThirdPartyConfigurationException when the keyspace is missing or
	 * unknown
	 */
	public PullKeys pullKeys(String service, String keyspace, String where) {
		Set<String> names = prepared().names.getOrDefault(service, Set.of());
		String name = keyspace.trim();
		if (name.isEmpty() && names.size() > 1) {
			throw new InvalidThirdPartyConfigurationException(where + " (keyspace)", "",
					"the cached methods of service '" + service + "' keep their entries apart, in keyspaces " + names
							+ ", and the pull does not say which one it fills",
					"Set @ThirdPartyPull(service = \"" + service + "\", keyspace = ...) to one of " + names + ".");
		}
		if (!name.isEmpty() && !names.isEmpty() && !names.contains(name)) {
			throw new InvalidThirdPartyConfigurationException(where + " (keyspace)", name,
					"no cached method of service '" + service + "' reads keyspace '" + name + "'",
					"Use one of " + names + ".");
		}
		return new PullKeys((names.size() > 1) ? KeyEncoding.escape(name) + ':' : "", this.encoding.dynamic());
	}

	/**
	 * Returns every {@code <key>} part a key value has among a service's keyspaces, for
	 * evicting it.
	 * @param service the service
	 * @param key the value, as {@code @ThirdPartyCall(key)} evaluates it
	 * @return the parts, empty when the value has no stable text
	 */
	public List<String> keyParts(String service, Object key) {
		String text = keyText(key);
		return (text != null) ? textParts(service, text) : List.of();
	}

	/**
	 * Returns the text a key value is cached under, the way calls write it (a string or
	 * number as itself, with {@code \} before any of {@code \ : , [ ] { } ( ) = ~}).
	 * @param key the value, as {@code @ThirdPartyCall(key)} evaluates it
	 * @return the text, or {@code null} when the value has no stable text
	 */
	public String keyText(Object key) {
		StringBuilder text = new StringBuilder();
		return KeyEncoding.write(this.encoding.dynamic(), key, text) ? text.toString() : null;
	}

	/**
	 * Returns every {@code <key>} part a key text has among a service's keyspaces.
	 * @param service the service
	 * @param text the key's text, from {@link #keyText}
	 * @return the parts
	 */
	public List<String> textParts(String service, String text) {
		Set<String> names = prepared().names.getOrDefault(service, Set.of());
		if (names.size() < 2) {
			return List.of(text);
		}
		return names.stream().map((name) -> KeyEncoding.escape(name) + ':' + text).toList();
	}

	private Keyspaces prepared() {
		Keyspaces current = this.keyspaces;
		if (current != null) {
			return current;
		}
		if (this.beanFactory == null || this.specs == null) {
			return Keyspaces.NONE;
		}
		synchronized (this) {
			if (this.keyspaces == null) {
				prepare(scan());
			}
			return this.keyspaces;
		}
	}

	private List<CallSpec> scan() {
		List<CallSpec> found = new ArrayList<>();
		for (String name : this.beanFactory.getBeanDefinitionNames()) {
			Class<?> type = this.beanFactory.getType(name, false);
			if (type == null || !AnnotationUtils.isCandidateClass(type, ThirdPartyCall.class)) {
				continue;
			}
			Class<?> userType = ClassUtils.getUserClass(type);
			ReflectionUtils.doWithMethods(userType, (method) -> {
				CallSpec spec = this.specs.specOf(method, userType);
				if (spec != null) {
					found.add(spec);
				}
			}, (method) -> !method.isBridge() && !method.isSynthetic() && method.getDeclaringClass() != Object.class);
		}
		return found;
	}

	private static boolean bypasses(CallSpec spec) {
		Method method = spec.method();
		return AnnotatedElementUtils.hasAnnotation(method, ThirdPartyPull.class)
				|| Future.class.isAssignableFrom(method.getReturnType())
				|| CompletionStage.class.isAssignableFrom(method.getReturnType());
	}

	private static String declaredKeyspace(CallSpec spec) {
		ThirdPartyCall annotation = AnnotatedElementUtils.findMergedAnnotation(spec.method(), ThirdPartyCall.class);
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(spec.targetClass(), ThirdPartyCall.class);
		}
		return (annotation != null) ? annotation.keyspace().trim() : "";
	}

	private Plan build(CallSpec spec, Keyspaces current) {
		Method method = spec.method();
		String prefix = current.prefix(spec, CacheKeys::declaredKeyspace);
		String where = "@ThirdPartyCall on " + ClassUtils.getQualifiedMethodName(method, spec.targetClass());
		String source = spec.key().trim();
		if (source.isEmpty()) {
			Encoder[] encoders = new Encoder[method.getParameterCount()];
			for (int i = 0; i < encoders.length; i++) {
				encoders[i] = this.encoding
					.forDeclared(ResolvableType.forMethodParameter(method, i, spec.targetClass()));
				if (encoders[i] == null && !bypasses(spec)) {
					throw unstable(spec, where, i, "the cache key is made of every argument");
				}
			}
			return new Plan(spec, prefix, encoders, (encoders.length == 1) ? 0 : -1, null);
		}
		int index = parameterIndex(method, source);
		if (index >= 0) {
			ResolvableType type = ResolvableType.forMethodParameter(method, index, spec.targetClass());
			Encoder encoder = this.encoding.forDeclared(type);
			if (encoder == null && type.resolve() != Object.class && !bypasses(spec)) {
				throw unstable(spec, where, index, "the key is " + source);
			}
			Encoder[] encoders = new Encoder[method.getParameterCount()];
			encoders[index] = (encoder != null) ? encoder : this.encoding.dynamic();
			return new Plan(spec, prefix, encoders, index, null);
		}
		try {
			Expression expression = getExpression(this.expressions, new AnnotatedElementKey(method, spec.targetClass()),
					source);
			return new Plan(spec, prefix, new Encoder[] { this.encoding.dynamic() }, -1, expression);
		}
		catch (ParseException ex) {
			throw new InvalidThirdPartyConfigurationException(where + " (key)", source,
					"the key is not a valid SpEL expression: " + ex.getMessage(),
					"Write the key over the method's arguments, e.g. key = \"#sku\" or key = \"#p0 + ':' + #p1\".");
		}
	}

	private InvalidThirdPartyConfigurationException unstable(CallSpec spec, String where, int index, String how) {
		Method method = spec.method();
		String[] names = getParameterNameDiscoverer().getParameterNames(method);
		String parameter = (names != null) ? names[index] : "p" + index;
		String type = ResolvableType.forMethodParameter(method, index, spec.targetClass()).toString();
		return new InvalidThirdPartyConfigurationException(where + " (key)", spec.key(),
				how + ", and parameter '" + parameter + "' (" + type + ") has no stable text to key it by: "
						+ "its class keeps Object's identity toString, so equal calls would never share an entry",
				"Set key to what identifies the call, e.g. @ThirdPartyCall(key = \"#" + parameter + ".id\"), "
						+ "or give " + type + " a toString of its content (a record has one).");
	}

	private int parameterIndex(Method method, String source) {
		Matcher variable = SINGLE_VARIABLE.matcher(source);
		if (!variable.matches()) {
			return -1;
		}
		String name = variable.group(1);
		String[] names = getParameterNameDiscoverer().getParameterNames(method);
		if (names != null) {
			for (int i = 0; i < names.length; i++) {
				if (names[i].equals(name)) {
					return i;
				}
			}
		}
		Matcher indexed = INDEXED.matcher(name);
		if (indexed.matches()) {
			int index = Integer.parseInt(indexed.group(1));
			return (index < method.getParameterCount()) ? index : -1;
		}
		return -1;
	}

	/**
	 * How the keys of one method on one target class are made.
	 */
	public final class Plan {

		private final CallSpec spec;

		private final boolean bypass;

		private final String prefix;

		private final Encoder[] encoders;

		private final int parameterIndex;

		private final boolean text;

		private final Expression expression;

		private final AtomicBoolean warned = new AtomicBoolean();

		Plan(CallSpec spec, String prefix, Encoder[] encoders, int parameterIndex, Expression expression) {
			this.spec = spec;
			this.bypass = bypasses(spec);
			this.prefix = prefix;
			this.encoders = encoders;
			this.parameterIndex = parameterIndex;
			this.text = parameterIndex >= 0 && KeyEncoding.isText(encoders[parameterIndex]);
			this.expression = expression;
		}

		/**
		 * Returns whether the method's results are not cached: a {@code @ThirdPartyPull}
		 * method, or one returning a future.
		 * @return {@code true} to pass the call through
		 */
		public boolean bypass() {
			return this.bypass;
		}

		/**
		 * Makes the {@code <key>} part of a call's cache key, its keyspace included.
		 * @param target the bean
		 * @param arguments the call's arguments
		 * @return the key, or {@code null} when a value has no stable text and the call
		 * must not be cached
		 */
		public String key(Object target, Object[] arguments) {
			if (this.text && arguments[this.parameterIndex] instanceof String value) {
				String escaped = KeyEncoding.escape(value);
				return this.prefix.isEmpty() ? escaped : this.prefix.concat(escaped);
			}
			StringBuilder key = new StringBuilder(this.prefix);
			boolean keyed;
			if (this.parameterIndex >= 0) {
				keyed = KeyEncoding.write(this.encoders[this.parameterIndex], arguments[this.parameterIndex], key);
			}
			else if (this.expression != null) {
				MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(
						new KeyRoot(this.spec.method(), arguments, target), this.spec.method(), arguments,
						getParameterNameDiscoverer());
				keyed = KeyEncoding.write(this.encoders[0], this.expression.getValue(context), key);
			}
			else {
				keyed = allArguments(arguments, key);
			}
			return keyed ? key.toString() : unkeyed();
		}

		private boolean allArguments(Object[] arguments, StringBuilder key) {
			if (arguments.length == 0) {
				return true;
			}
			key.append('[');
			for (int i = 0; i < arguments.length; i++) {
				if (i > 0) {
					key.append(',');
				}
				if (!KeyEncoding.write(this.encoders[i], arguments[i], key)) {
					return false;
				}
			}
			key.append(']');
			return true;
		}

		private String unkeyed() {
			if (this.warned.compareAndSet(false, true)) {
				logger.warn("Calls of " + ClassUtils.getQualifiedMethodName(this.spec.method(), this.spec.targetClass())
						+ " whose key holds a value without a stable text (a class keeping Object's identity "
						+ "toString) go to the vendor uncached; set @ThirdPartyCall(key) to what identifies the call");
			}
			return null;
		}

	}

}
