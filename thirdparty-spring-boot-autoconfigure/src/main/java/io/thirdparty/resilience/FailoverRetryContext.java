package io.thirdparty.resilience;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.retry.RetryContext;
import org.springframework.util.Assert;

/**
 * Spring Retry context of one call, linked to the call's {@link CallAttempts}.
 * <p>
 * Unlike Spring Retry's {@code RetryContextSupport}, whose attributes live in a map created
 * with every context, it keeps the two attributes {@code RetryTemplate} sets on every call
 * ({@value RetryContext#MAX_ATTEMPTS} and {@value RetryContext#CLOSED}) in fields and creates a
 * map only for any other attribute, so that a call that succeeds at once allocates no map.
 */
public final class FailoverRetryContext implements RetryContext {

	private final RetryContext parent;

	private volatile boolean terminate;

	private volatile int count;

	private volatile Throwable lastException;

	private Object maxAttempts;

	private Object closed;

	private Map<String, Object> attributes;

	private CallAttempts state;

	private int waits;

	FailoverRetryContext(RetryContext parent) {
		this.parent = parent;
	}

	/**
	 * Links the context to the call it retries; called by the first attempt.
	 * @param state the call's state
	 */
	public void bind(CallAttempts state) {
		this.state = state;
	}

	CallAttempts state() {
		return this.state;
	}

	int nextWait() {
		return this.waits++;
	}

	void registerThrowable(Throwable throwable) {
		this.lastException = throwable;
		if (throwable != null) {
			this.count++;
		}
	}

	@Override
	public RetryContext getParent() {
		return this.parent;
	}

	@Override
	public boolean isExhaustedOnly() {
		return this.terminate;
	}

	@Override
	public void setExhaustedOnly() {
		this.terminate = true;
	}

	@Override
	public int getRetryCount() {
		return this.count;
	}

	@Override
	public Throwable getLastThrowable() {
		return this.lastException;
	}

	@Override
	public void setAttribute(String name, Object value) {
		Assert.notNull(name, "Name must not be null");
		if (value == null) {
			removeAttribute(name);
		}
		else if (MAX_ATTEMPTS.equals(name)) {
			this.maxAttempts = value;
		}
		else if (CLOSED.equals(name)) {
			this.closed = value;
		}
		else {
			if (this.attributes == null) {
				this.attributes = new LinkedHashMap<>();
			}
			this.attributes.put(name, value);
		}
	}

	@Override
	public Object getAttribute(String name) {
		Assert.notNull(name, "Name must not be null");
		if (MAX_ATTEMPTS.equals(name)) {
			return this.maxAttempts;
		}
		if (CLOSED.equals(name)) {
			return this.closed;
		}
		return (this.attributes != null) ? this.attributes.get(name) : null;
	}

	@Override
	public Object removeAttribute(String name) {
		Assert.notNull(name, "Name must not be null");
		Object previous;
		if (MAX_ATTEMPTS.equals(name)) {
			previous = this.maxAttempts;
			this.maxAttempts = null;
		}
		else if (CLOSED.equals(name)) {
			previous = this.closed;
			this.closed = null;
		}
		else {
			previous = (this.attributes != null) ? this.attributes.remove(name) : null;
		}
		return previous;
	}

	@Override
	public boolean hasAttribute(String name) {
		return getAttribute(name) != null;
	}

	@Override
	public String[] attributeNames() {
		List<String> names = new ArrayList<>();
		if (this.maxAttempts != null) {
			names.add(MAX_ATTEMPTS);
		}
		if (this.closed != null) {
			names.add(CLOSED);
		}
		if (this.attributes != null) {
			names.addAll(this.attributes.keySet());
		}
		return names.toArray(new String[0]);
	}

	@Override
	public String toString() {
		return "[RetryContext: count=" + this.count + ", lastException=" + this.lastException + ", exhausted="
				+ this.terminate + "]";
	}

}
