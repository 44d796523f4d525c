package dev.productingest.server.grpc;

import io.dropwizard.lifecycle.Managed;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gRPC server, started and stopped with the application. */
public final class GrpcServer implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcServer.class);

    private final Server server;
    private final long shutdownGraceSeconds;
    private final boolean tls;

    public GrpcServer(GrpcServerFactory config, Executor callbacks, ServerServiceDefinition... services) {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(config.getPort()))
                .maxInboundMessageSize(config.getMaxInboundMessageBytes())
                // A fixed window (no automatic growth): what a connection's streams buffer before the
                // server asks for their messages stays bounded, whatever the producers send.
                .flowControlWindow((int) config.getFlowControlWindow().toBytes())
                // Dead peers are noticed, and connections do not live forever.
                .keepAliveTime(config.getKeepAliveTime().toMilliseconds(), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(config.getKeepAliveTimeout().toMilliseconds(), TimeUnit.MILLISECONDS)
                .permitKeepAliveTime(config.getPermitKeepAliveTime().toMilliseconds(), TimeUnit.MILLISECONDS)
                .maxConnectionIdle(config.getMaxConnectionIdle().toMilliseconds(), TimeUnit.MILLISECONDS)
                .maxConnectionAge(config.getMaxConnectionAge().toMilliseconds(), TimeUnit.MILLISECONDS)
                .maxConnectionAgeGrace(config.getMaxConnectionAgeGrace().toMilliseconds(), TimeUnit.MILLISECONDS)
                // Service callbacks never run on Netty's event loop; they get their own pool.
                .executor(callbacks);
        if (config.getTls().isEnabled()) {
            builder.sslContext(config.getTls().serverContext());
        }
        String token = config.getBearerToken();
        for (ServerServiceDefinition service : services) {
            builder.addService(token == null || token.isBlank()
                    ? service
                    : ServerInterceptors.intercept(service, new BearerTokenCheck(token.strip())));
        }
        this.server = builder.build();
        this.shutdownGraceSeconds = config.getShutdownGraceSeconds();
        this.tls = config.getTls().isEnabled();
    }

    @Override
    public void start() throws IOException {
        server.start();
        LOG.info("gRPC server listening on port {}{}", server.getPort(), tls ? " (TLS)" : "");
    }

    @Override
    public void stop() throws InterruptedException {
        server.shutdown();
        if (!server.awaitTermination(shutdownGraceSeconds, TimeUnit.SECONDS)) {
            server.shutdownNow();
            // Until every connection is closed: clients must see the server go, not a silent socket.
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("gRPC connections still open 5 s after shutdown");
            }
        }
    }

    /** The bound port, also when configured as 0. */
    public int port() {
        return server.getPort();
    }

    public boolean isServing() {
        return !server.isShutdown();
    }
}
