package io.thirdparty.cache;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.util.ReflectionUtils;

import io.thirdparty.CallMode;
import io.thirdparty.pipeline.CallSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How call arguments become the {@code <key>} part of a cache key.
 */
class CacheKeysTests {

	@Test
	void parameterNameIndexAndAliasGiveTheArgument() {
		assertThat(key("#sku", "lookup", "apple", 3)).isEqualTo("apple");
		assertThat(key("#p1", "lookup", "apple", 3)).isEqualTo("3");
		assertThat(key("#a0", "lookup", "apple", 3)).isEqualTo("apple");
	}

	@Test
	void expressionIsEvaluatedOverTheArguments() {
		assertThat(key("#sku + '-' + #quantity * 2", "lookup", "apple", 3)).isEqualTo("apple-6");
		assertThat(key("#root.methodName + ':' + #root.args[1]", "lookup", "apple", 3)).isEqualTo("lookup:3");
	}

	@Test
	void noExpressionMeansEveryArgument() {
		assertThat(key("", "lookup", "apple", 3)).isEqualTo("apple,3");
		assertThat(key("", "single", "apple")).isEqualTo("apple");
		assertThat(key("", "none")).isEmpty();
		assertThat(key("", "array", (Object) new String[] { "a", "b" })).isEqualTo("{a, b}");
	}

	@Test
	void nullArgumentIsTheTextNull() {
		assertThat(key("#sku", "lookup", null, 1)).isEqualTo("null");
	}

	@Test
	void methodsReturningFuturesAreNotCached() {
		assertThat(plan("", "async").bypass()).isTrue();
		assertThat(plan("", "lookup").bypass()).isFalse();
	}

	private String key(String expression, String method, Object... arguments) {
		return plan(expression, method).key(new Methods(), arguments);
	}

	private CacheKeys.Plan plan(String expression, String name) {
		Method method = ReflectionUtils.findMethod(Methods.class, name, (Class<?>[]) null);
		// a method has one key expression: each case gets its own evaluator
		return new CacheKeys().plan(new CallSpec(method, Methods.class, "price", expression, null, false, true, CallMode.SYNC, ""));
	}

	static class Methods {

		public String lookup(String sku, int quantity) {
			return sku;
		}

		public String single(String sku) {
			return sku;
		}

		public String none() {
			return "";
		}

		public String array(String[] skus) {
			return "";
		}

		public CompletableFuture<String> async() {
			return CompletableFuture.completedFuture("");
		}

	}

}
