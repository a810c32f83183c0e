package io.thirdparty.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ResolvableType;
import org.springframework.web.service.invoker.HttpExchangeAdapter;
import org.springframework.web.service.invoker.HttpExchangeAdapterDecorator;
import org.springframework.web.service.invoker.HttpRequestValues;

/**
 * Lets a declarative client backed by {@code RestClient} declare
 * {@code CompletableFuture<T>} (or {@code CompletionStage<T>}) methods: the body is read
 * as {@code T} and handed back as a completed, or failed, future. The starter's pipeline
 * runs such a method on its async executor, so the exchange itself blocks that executor's
 * thread, never the caller's.
 */
public class FutureExchangeAdapter extends HttpExchangeAdapterDecorator {

	/**
	 * Decorates an adapter.
	 * @param delegate the adapter doing the exchange
	 */
	public FutureExchangeAdapter(HttpExchangeAdapter delegate) {
		super(delegate);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T exchangeForBody(HttpRequestValues values, ParameterizedTypeReference<T> bodyType) {
		ResolvableType type = ResolvableType.forType(bodyType);
		Class<?> raw = type.toClass();
		if (raw != CompletableFuture.class && raw != CompletionStage.class) {
			return super.exchangeForBody(values, bodyType);
		}
		ResolvableType element = type.getGeneric(0);
		ParameterizedTypeReference<Object> inner = ParameterizedTypeReference
			.forType((element == ResolvableType.NONE) ? Object.class : element.getType());
		try {
			return (T) CompletableFuture.completedFuture(super.exchangeForBody(values, inner));
		}
		catch (RuntimeException ex) {
			return (T) CompletableFuture.failedFuture(ex);
		}
	}

}
