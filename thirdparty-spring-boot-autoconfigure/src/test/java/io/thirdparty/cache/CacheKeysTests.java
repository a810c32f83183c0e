package io.thirdparty.cache;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.ReflectionUtils;

import io.thirdparty.CallMode;
import io.thirdparty.ThirdPartyCall;
import io.thirdparty.pipeline.CallSpec;
import io.thirdparty.pipeline.CallSpecResolver;

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
		assertThat(key("#root.methodName + ':' + #root.args[1]", "lookup", "apple", 3)).isEqualTo("lookup\\:3");
	}

	@Test
	void noExpressionMeansEveryArgument() {
		assertThat(key("", "lookup", "apple", 3)).isEqualTo("[apple,3]");
		assertThat(key("", "single", "apple")).isEqualTo("apple");
		assertThat(key("", "none")).isEmpty();
		assertThat(key("", "array", (Object) new String[] { "a", "b" })).isEqualTo("[a,b]");
	}

	@Test
	void methodsReturningFuturesAreNotCached() {
		assertThat(plan("", "async").bypass()).isTrue();
		assertThat(plan("", "lookup").bypass()).isFalse();
	}

	@Test
	void argumentsContainingTheSeparatorDoNotCollide() {
		assertThat(key("", "search", "shoes,red", "size 42")).isNotEqualTo(key("", "search", "shoes", "red,size 42"));
	}

	@Test
	void collectionsAreKeyedByTheirElements() {
		assertThat(key("", "tagged", List.of("sale, new"))).isNotEqualTo(key("", "tagged", List.of("sale", "new")));
		assertThat(key("#tags", "tagged", List.of("sale, new")))
			.isNotEqualTo(key("#tags", "tagged", List.of("sale", "new")));
	}

	@Test
	void nullArgumentDiffersFromTheTextNull() {
		assertThat(key("#sku", "lookup", null, 1)).isNotEqualTo(key("#sku", "lookup", "null", 1));
	}

	@Test
	void valuesAreWrittenByContentInAStableOrder() {
		assertThat(key("#sku", "lookup", "a:b,c", 1)).isEqualTo("a\\:b\\,c");
		assertThat(key("", "tagged", List.of("b", "a"))).isEqualTo("[b,a]");
		assertThat(key("", "labelled", new java.util.LinkedHashSet<>(List.of("b", "a")))).isEqualTo("[a,b]");
		assertThat(key("", "filtered", new java.util.LinkedHashMap<>(java.util.Map.of("z", 1, "a", 2))))
			.isEqualTo("{a=2,z=1}");
		assertThat(key("", "ranged", new Range("x", 3))).isEqualTo("Range(x,3)");
		assertThat(key("", "sorted", Sort.ASCENDING)).isEqualTo("ASCENDING");
		assertThat(key("", "byId", java.util.UUID.fromString("00000000-0000-0000-0000-000000000001")))
			.isEqualTo("00000000-0000-0000-0000-000000000001");
	}

	@Test
	void twoCachedMethodsOfOneServiceHaveKeyspacesAndASingleOneHasNone() {
		Method lookup = ReflectionUtils.findMethod(Methods.class, "lookup", String.class, int.class);
		Method single = ReflectionUtils.findMethod(Methods.class, "single", String.class);
		CallSpec first = new CallSpec(lookup, Methods.class, "user", "#sku", null, false, true, CallMode.SYNC, "");
		CallSpec second = new CallSpec(single, Methods.class, "user", "#sku", null, false, true, CallMode.SYNC, "");
		CacheKeys alone = new CacheKeys();
		alone.prepare(List.of(first));
		assertThat(alone.plan(first).key(new Methods(), new Object[] { "1001", 1 })).isEqualTo("1001");
		CacheKeys both = new CacheKeys();
		both.prepare(List.of(first, second));
		assertThat(both.plan(first).key(new Methods(), new Object[] { "1001", 1 })).isEqualTo("lookup:1001");
		assertThat(both.plan(second).key(new Methods(), new Object[] { "1001" })).isEqualTo("single:1001");
	}

	@Test
	void beansInheritingOneMethodGetThePlanOfTheirOwnClass() {
		CallSpecResolver resolver = new CallSpecResolver(new MockEnvironment());
		Method lookup = ReflectionUtils.findMethod(Inherited.class, "lookup", String.class, int.class);
		CacheKeys keys = new CacheKeys();
		CallSpec bySku = resolver.specOf(lookup, BySku.class);
		CallSpec byEverything = resolver.specOf(lookup, ByEverything.class);
		keys.prepare(List.of(bySku, byEverything));
		assertThat(keys.plan(bySku).key(new BySku(), new Object[] { "apple", 3 })).isEqualTo("apple");
		assertThat(keys.plan(byEverything).key(new ByEverything(), new Object[] { "apple", 3 })).isNotEqualTo("apple");
	}

	private String key(String expression, String method, Object... arguments) {
		return plan(expression, method).key(new Methods(), arguments);
	}

	private CacheKeys.Plan plan(String expression, String name) {
		Method method = ReflectionUtils.findMethod(Methods.class, name, (Class<?>[]) null);
		// a method has one key expression: each case gets its own evaluator, where it is
		// the only cached method
		CallSpec spec = new CallSpec(method, Methods.class, "price", expression, null, false, true, CallMode.SYNC, "");
		CacheKeys keys = new CacheKeys();
		keys.prepare(List.of(spec));
		return keys.plan(spec);
	}

	static class Methods {

		public String lookup(String sku, int quantity) {
			return sku;
		}

		public String single(String sku) {
			return sku;
		}

		public String search(String query, String filter) {
			return "";
		}

		public String tagged(List<String> tags) {
			return "";
		}

		public String labelled(java.util.Set<String> labels) {
			return "";
		}

		public String filtered(java.util.Map<String, Integer> filters) {
			return "";
		}

		public String ranged(Range range) {
			return "";
		}

		public String sorted(Sort sort) {
			return "";
		}

		public String byId(java.util.UUID id) {
			return "";
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

	record Range(String from, int size) {
	}

	enum Sort {

		ASCENDING {
			@Override
			public String toString() {
				return "up";
			}
		}

	}

	static class Inherited {

		public String lookup(String sku, int quantity) {
			return sku;
		}

	}

	@ThirdPartyCall(service = "price", key = "#sku")
	static class BySku extends Inherited {

	}

	@ThirdPartyCall(service = "stock")
	static class ByEverything extends Inherited {

	}

}
