package io.thirdparty.test;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that gives a test class a Redis key prefix of its own and deletes
 * every key under it afterwards: after each test when registered on an instance field,
 * after all tests when registered on a static field. <pre>
 * &#64;RegisterExtension
 * final RedisKeys keys = RedisKeys.under("queued");
 * </pre>
 */
public final class RedisKeys implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

	private final String prefix;

	private final RedisServers.Address redis;

	private boolean perClass;

	private RedisKeys(String prefix, RedisServers.Address redis) {
		this.prefix = prefix;
		this.redis = redis;
	}

	/**
	 * Returns keys under a new prefix in the shared Redis ({@link RedisServers#find()}).
	 * @param test a name for the test, part of the prefix
	 * @return the extension
	 */
	public static RedisKeys under(String test) {
		return new RedisKeys(RedisServers.uniquePrefix(test), null);
	}

	/**
	 * Returns keys under a new prefix in a given Redis, e.g. an
	 * {@link RedisServers.OwnServer}.
	 * @param test a name for the test, part of the prefix
	 * @param redis where the keys are written
	 * @return the extension
	 */
	public static RedisKeys under(String test, RedisServers.Address redis) {
		return new RedisKeys(RedisServers.uniquePrefix(test), redis);
	}

	/**
	 * Returns the prefix every key of the test starts with.
	 * @return the prefix
	 */
	public String prefix() {
		return this.prefix;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		// called only for an extension registered on a static field
		this.perClass = true;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if (!this.perClass) {
			delete();
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		delete();
	}

	private void delete() {
		RedisServers.deleteKeys((this.redis != null) ? this.redis : RedisServers.find(), this.prefix);
	}

}
