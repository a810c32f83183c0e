package io.thirdparty.signing;

import java.net.URI;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpRequestDecorator;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import io.thirdparty.ThirdPartyContext;
import io.thirdparty.config.ServiceProperties.Auth;

/**
 * Authenticates {@code WebClient} requests made inside a {@code @ThirdPartyCall} with the
 * credentials of the attempt's provider. Add it in one line: <pre class="code">
 * WebClient web = builder.filter(signer).build();
 * </pre> The provider is read when the exchange is subscribed, so subscribe inside the
 * attempt (as {@code block()} in the annotated method does). For HMAC signing the body is
 * buffered once to sign the exact bytes sent. See {@link ProviderAuthenticator} for what
 * is added.
 */
public class ThirdPartyExchangeSigner implements ExchangeFilterFunction {

	private final ProviderAuthenticator authenticator;

	/**
	 * Creates a signer.
	 * @param authenticator adds the credentials
	 */
	public ThirdPartyExchangeSigner(ProviderAuthenticator authenticator) {
		this.authenticator = authenticator;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		if (!ThirdPartyContext.isActive()) {
			return next.exchange(request);
		}
		Auth auth = this.authenticator.settingsFor(ThirdPartyContext.provider(), request.url());
		if (auth == null) {
			return next.exchange(request);
		}
		if (auth.getType() != AuthType.HMAC) {
			return next.exchange(ClientRequest.from(request)
				.headers((headers) -> this.authenticator.authenticate(auth, request.method().name(), request.url(),
						new byte[0], headers))
				.build());
		}
		ClientRequest signed = ClientRequest.from(request)
			.body((message, context) -> request.body()
				.insert(new SigningRequest(message, auth, request.method().name(), request.url()), context))
			.build();
		return next.exchange(signed);
	}

	/**
	 * The outgoing request, signing the body it is given just before writing it.
	 */
	private final class SigningRequest extends ClientHttpRequestDecorator {

		private final Auth auth;

		private final String method;

		private final URI url;

		SigningRequest(ClientHttpRequest delegate, Auth auth, String method, URI url) {
			super(delegate);
			this.auth = auth;
			this.method = method;
			this.url = url;
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			return DataBufferUtils.join(body).map((buffer) -> {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				DataBufferUtils.release(buffer);
				return bytes;
			}).defaultIfEmpty(new byte[0]).flatMap((bytes) -> {
				sign(bytes);
				return super.writeWith(Mono.just(bufferFactory().wrap(bytes)));
			});
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			return writeWith(Flux.from(body).flatMap((part) -> part));
		}

		@Override
		public Mono<Void> setComplete() {
			return Mono.defer(() -> {
				sign(new byte[0]);
				return super.setComplete();
			});
		}

		private void sign(byte[] body) {
			ThirdPartyExchangeSigner.this.authenticator.authenticate(this.auth, this.method, this.url, body,
					getHeaders());
		}

	}

}
