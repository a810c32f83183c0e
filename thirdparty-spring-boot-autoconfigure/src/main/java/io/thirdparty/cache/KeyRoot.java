package io.thirdparty.cache;

import java.lang.reflect.Method;

/**
 * Root object of key expressions: {@code #root.method}, {@code #root.methodName},
 * {@code #root.args}, {@code #root.target}.
 */
public final class KeyRoot {

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
