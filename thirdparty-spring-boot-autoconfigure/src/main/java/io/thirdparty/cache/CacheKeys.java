package io.thirdparty.cache;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.context.expression.AnnotatedElementKey;
import org.springframework.context.expression.CachedExpressionEvaluator;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.ClassUtils;
import org.springframework.util.ObjectUtils;

import io.thirdparty.ThirdPartyPull;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.pipeline.CallSpec;

/**
 * Turns a call's arguments into the {@code <key>} part of its cache key, from the SpEL
 * expression of {@code @ThirdPartyCall(key = ...)} ({@code #name}, {@code #p0}, {@code #a0},
 * {@code #root.args}), or from every argument when there is none. Each method's expression is
 * parsed once; an expression that only names a parameter is read without SpEL.
 */
public class CacheKeys extends CachedExpressionEvaluator {

	private static final Pattern SINGLE_VARIABLE = Pattern.compile("#([A-Za-z_$][A-Za-z0-9_$]*)");

	private static final Pattern INDEXED = Pattern.compile("[ap](\\d+)");

	private final Map<ExpressionKey, Expression> expressions = new ConcurrentHashMap<>(64);

	private final Map<Method, Plan> plans = new ConcurrentHashMap<>(64);

	/**
	 * Creates the key evaluator; expressions run compiled where SpEL can compile them.
	 */
	public CacheKeys() {
		super(new SpelExpressionParser(new SpelParserConfiguration(SpelCompilerMode.MIXED, null)));
	}

	/**
	 * Returns how keys of a method are made, built on first use.
	 * @param spec the method's spec
	 * @return the plan
	 * @throws InvalidThirdPartyConfigurationException when the key expression does not parse
	 */
	public Plan plan(CallSpec spec) {
		Plan plan = this.plans.get(spec.method());
		if (plan == null) {
			plan = this.plans.computeIfAbsent(spec.method(), (method) -> build(spec));
		}
		return plan;
	}

	private Plan build(CallSpec spec) {
		Method method = spec.method();
		boolean bypass = AnnotatedElementUtils.hasAnnotation(method, ThirdPartyPull.class)
				|| Future.class.isAssignableFrom(method.getReturnType())
				|| CompletionStage.class.isAssignableFrom(method.getReturnType());
		String source = spec.key().trim();
		if (source.isEmpty()) {
			return new Plan(method, bypass, -1, null);
		}
		int index = parameterIndex(method, source);
		if (index >= 0) {
			return new Plan(method, bypass, index, null);
		}
		try {
			Expression expression = getExpression(this.expressions, new AnnotatedElementKey(method, spec.targetClass()),
					source);
			return new Plan(method, bypass, -1, expression);
		}
		catch (ParseException ex) {
			throw new InvalidThirdPartyConfigurationException(
					"@ThirdPartyCall on " + ClassUtils.getQualifiedMethodName(method, spec.targetClass()) + " (key)",
					source, "the key is not a valid SpEL expression: " + ex.getMessage(),
					"Write the key over the method's arguments, e.g. key = \"#sku\" or key = \"#p0 + ':' + #p1\".");
		}
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

	static String text(Object value) {
		if (value instanceof String string) {
			return string;
		}
		return (value != null && value.getClass().isArray()) ? ObjectUtils.nullSafeToString(value)
				: String.valueOf(value);
	}

	/**
	 * How the keys of one method are made.
	 */
	public final class Plan {

		private final Method method;

		private final boolean bypass;

		private final int parameterIndex;

		private final Expression expression;

		Plan(Method method, boolean bypass, int parameterIndex, Expression expression) {
			this.method = method;
			this.bypass = bypass;
			this.parameterIndex = parameterIndex;
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
		 * Makes the {@code <key>} part of a call's cache key.
		 * @param target the bean
		 * @param arguments the call's arguments
		 * @return the key
		 */
		public String key(Object target, Object[] arguments) {
			if (this.parameterIndex >= 0) {
				return text(arguments[this.parameterIndex]);
			}
			if (this.expression == null) {
				return allArguments(arguments);
			}
			MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(
					new KeyRoot(this.method, arguments, target), this.method, arguments, getParameterNameDiscoverer());
			return text(this.expression.getValue(context));
		}

		private String allArguments(Object[] arguments) {
			if (arguments.length == 1) {
				return text(arguments[0]);
			}
			StringBuilder key = new StringBuilder();
			for (int i = 0; i < arguments.length; i++) {
				if (i > 0) {
					key.append(',');
				}
				key.append(text(arguments[i]));
			}
			return key.toString();
		}

	}

	/**
	 * Root object of key expressions: {@code #root.method}, {@code #root.methodName},
	 * {@code #root.args}, {@code #root.target}.
	 */
	public static final class KeyRoot {

		private final Method method;

		private final Object[] args;

		private final Object target;

		KeyRoot(Method method, Object[] args, Object target) {
			this.method = method;
			this.args = args;
			this.target = target;
		}

		public Method getMethod() {
			return this.method;
		}

		public String getMethodName() {
			return this.method.getName();
		}

		public Object[] getArgs() {
			return this.args;
		}

		public Object getTarget() {
			return this.target;
		}

	}

}
