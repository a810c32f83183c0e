package io.thirdparty.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.alibaba.nacos.api.config.remote.request.ConfigBatchListenRequest;
import com.alibaba.nacos.api.config.remote.request.ConfigChangeNotifyRequest;
import com.alibaba.nacos.api.config.remote.request.ConfigQueryRequest;
import com.alibaba.nacos.api.config.remote.response.ConfigChangeBatchListenResponse;
import com.alibaba.nacos.api.config.remote.response.ConfigQueryResponse;
import com.alibaba.nacos.api.grpc.auto.BiRequestStreamGrpc;
import com.alibaba.nacos.api.grpc.auto.Payload;
import com.alibaba.nacos.api.grpc.auto.RequestGrpc;
import com.alibaba.nacos.api.remote.request.ConnectionSetupRequest;
import com.alibaba.nacos.api.remote.request.HealthCheckRequest;
import com.alibaba.nacos.api.remote.request.ServerCheckRequest;
import com.alibaba.nacos.api.remote.response.ErrorResponse;
import com.alibaba.nacos.api.remote.response.HealthCheckResponse;
import com.alibaba.nacos.api.remote.response.Response;
import com.alibaba.nacos.api.remote.response.ServerCheckResponse;
import com.alibaba.nacos.common.remote.client.grpc.GrpcUtils;
import com.alibaba.nacos.common.utils.MD5Utils;
import com.alibaba.nacos.shaded.io.grpc.Server;
import com.alibaba.nacos.shaded.io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import com.alibaba.nacos.shaded.io.grpc.stub.StreamObserver;

/**
 * A test double of a Nacos server's config service, NOT a Nacos server: a gRPC server on
 * a random port of 127.0.0.1 built from the gRPC stubs ({@code RequestGrpc},
 * {@code BiRequestStreamGrpc}) and the request and response classes that the nacos-client
 * jar ships, speaking the protocol the real client speaks: the server check, the
 * connection set-up on the bidirectional stream, health checks, config queries, batch
 * listens (answering with the data ids whose MD5 differs) and, on {@link #publish}, a
 * {@code ConfigChangeNotifyRequest} pushed to every connected client for each namespace
 * (tenant) a client listens to the data id in. It keeps configs in memory by data id and
 * group (the same content in every namespace), has no authentication, no HTTP API, no
 * cluster and no persistence, and answers any other request with an error. A Nacos server
 * is not published to the registries this project can reach (only the client is), hence
 * the double.
 * <p>
 * The client finds the gRPC port at its server port plus 1000; {@link #serverAddr()}
 * gives the address to set as {@code spring.cloud.nacos.config.server-addr}.
 */
public final class NacosServerDouble implements AutoCloseable {

	private static final int GRPC_PORT_OFFSET = 1000;

	private final Map<String, String> configs = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> tenants = new ConcurrentHashMap<>();

	private final List<StreamObserver<Payload>> streams = new CopyOnWriteArrayList<>();

	private final AtomicInteger queries = new AtomicInteger();

	private final AtomicInteger requestIds = new AtomicInteger();

	private final Server server;

	private NacosServerDouble() throws IOException {
		Server started = null;
		for (int attempt = 0; started == null; attempt++) {
			try {
				started = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
					.addService(new Requests())
					.addService(new Streams())
					.build()
					.start();
				if (started.getPort() <= GRPC_PORT_OFFSET) {
					started.shutdownNow();
					started = null;
				}
			}
			catch (IOException ex) {
				if (attempt > 5) {
					throw ex;
				}
			}
		}
		this.server = started;
	}

	/**
	 * Starts a double on a random port.
	 * @return the running double
	 */
	public static NacosServerDouble start() {
		try {
			return new NacosServerDouble();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the Nacos server double", ex);
		}
	}

	/**
	 * Returns the address clients are given: the gRPC port minus the client's offset of
	 * 1000.
	 * @return {@code 127.0.0.1:<port>}
	 */
	public String serverAddr() {
		return "127.0.0.1:" + (this.server.getPort() - GRPC_PORT_OFFSET);
	}

	/**
	 * Stores a config and pushes a change notification to every connected client, as a
	 * publish through Nacos' console or API would.
	 * @param dataId the data id
	 * @param group the group
	 * @param content the content
	 */
	public void publish(String dataId, String group, String content) {
		this.configs.put(key(dataId, group), content);
		for (String tenant : this.tenants.getOrDefault(key(dataId, group), Set.of())) {
			ConfigChangeNotifyRequest notify = ConfigChangeNotifyRequest.build(dataId, group, tenant);
			for (StreamObserver<Payload> stream : this.streams) {
				notify.setRequestId(String.valueOf(this.requestIds.incrementAndGet()));
				synchronized (stream) {
					stream.onNext(GrpcUtils.convert(notify));
				}
			}
		}
	}

	/**
	 * Tells whether a client has asked to listen to a data id, so that a publish reaches
	 * it.
	 * @param dataId the data id
	 * @param group the group
	 * @return whether a listen for it was received
	 */
	public boolean listened(String dataId, String group) {
		return this.tenants.containsKey(key(dataId, group));
	}

	/**
	 * Returns how many clients have set up a connection and not closed it.
	 * @return the number of connected clients
	 */
	public int connections() {
		return this.streams.size();
	}

	/**
	 * Returns how many config queries were answered.
	 * @return the count
	 */
	public int queries() {
		return this.queries.get();
	}

	@Override
	public void close() throws InterruptedException {
		this.server.shutdownNow();
		this.server.awaitTermination(10, TimeUnit.SECONDS);
	}

	private static String key(String dataId, String group) {
		return ((group != null && !group.isEmpty()) ? group : "DEFAULT_GROUP") + "/" + dataId;
	}

	private Response answer(Object request) {
		if (request instanceof ServerCheckRequest) {
			return new ServerCheckResponse(UUID.randomUUID().toString(), false);
		}
		if (request instanceof HealthCheckRequest) {
			return new HealthCheckResponse();
		}
		if (request instanceof ConfigQueryRequest query) {
			this.queries.incrementAndGet();
			String content = this.configs.get(key(query.getDataId(), query.getGroup()));
			if (content == null) {
				return ConfigQueryResponse.buildFailResponse(ConfigQueryResponse.CONFIG_NOT_FOUND,
						"config data not exist");
			}
			ConfigQueryResponse response = ConfigQueryResponse.buildSuccessResponse(content);
			response.setMd5(MD5Utils.md5Hex(content, "UTF-8"));
			response.setLastModified(System.currentTimeMillis());
			response.setContentType("yaml");
			return response;
		}
		if (request instanceof ConfigBatchListenRequest listen) {
			ConfigChangeBatchListenResponse response = new ConfigChangeBatchListenResponse();
			for (ConfigBatchListenRequest.ConfigListenContext context : listen.getConfigListenContexts()) {
				if (listen.isListen()) {
					this.tenants
						.computeIfAbsent(key(context.getDataId(), context.getGroup()),
								(key) -> ConcurrentHashMap.newKeySet())
						.add((context.getTenant() != null) ? context.getTenant() : "");
				}
				String content = this.configs.get(key(context.getDataId(), context.getGroup()));
				String md5 = (content != null) ? MD5Utils.md5Hex(content, "UTF-8") : "";
				if (!md5.equals((context.getMd5() != null) ? context.getMd5() : "")) {
					response.addChangeConfig(context.getDataId(), context.getGroup(), context.getTenant());
				}
			}
			return response;
		}
		return ErrorResponse.build(501, "the Nacos server double does not answer "
				+ ((request != null) ? request.getClass().getSimpleName() : "an unknown request"));
	}

	/** Unary requests: server check, health checks, config queries and listens. */
	private final class Requests extends RequestGrpc.RequestImplBase {

		@Override
		public void request(Payload payload, StreamObserver<Payload> observer) {
			Object request = GrpcUtils.parse(payload);
			Response response = answer(request);
			if (request instanceof com.alibaba.nacos.api.remote.request.Request r) {
				response.setRequestId(r.getRequestId());
			}
			observer.onNext(GrpcUtils.convert(response));
			observer.onCompleted();
		}

	}

	/**
	 * The bidirectional stream each client opens after the server check: pushes go down
	 * it.
	 */
	private final class Streams extends BiRequestStreamGrpc.BiRequestStreamImplBase {

		@Override
		public StreamObserver<Payload> requestBiStream(StreamObserver<Payload> out) {
			return new StreamObserver<>() {

				@Override
				public void onNext(Payload payload) {
					Object message = GrpcUtils.parse(payload);
					if (message instanceof ConnectionSetupRequest) {
						NacosServerDouble.this.streams.add(out);
					}
					// anything else is a client's answer to a push
					// (ConfigChangeNotifyResponse)
				}

				@Override
				public void onError(Throwable failure) {
					NacosServerDouble.this.streams.remove(out);
				}

				@Override
				public void onCompleted() {
					NacosServerDouble.this.streams.remove(out);
					out.onCompleted();
				}

			};
		}

	}

}
