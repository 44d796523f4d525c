package dev.productingest.server.grpc;

import dev.productingest.server.auth.Credentials;
import io.dropwizard.lifecycle.Managed;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gRPC server, started and stopped with the application. */
public final class GrpcServer implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcServer.class);

    private final Server server;
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
    private final Executor callbacks;
    private final GrpcServerSettings settings;
    private final Draining draining;
    private final GrpcHealth health;
    private CompletableFuture<Void> drained;
    private long stopDeadline;

    /**
     * What the services do with their live calls when the server stops: end them, and return once they have ended,
     * {@code within} at most.
     */
    @FunctionalInterface
    public interface Draining {
        void drain(Duration within);
    }

    private static final Duration LAST_WORDS = Duration.ofSeconds(1);

    /**
     * @param credentials who may call the services (and reflection); each call's caller is named before the service
     *     sees it
     * @param draining told once the server takes no new calls, before it waits for the live ones to end
     * @param health served as grpc.health.v1.Health, to every caller (probes carry no token)
     * @param callMetrics counts and times every call, refused ones included
     */
    public GrpcServer(
            GrpcServerSettings settings,
            Credentials credentials,
            Executor callbacks,
            Draining draining,
            GrpcHealth health,
            GrpcCallMetrics callMetrics,
            ServerServiceDefinition... services) {
        InetSocketAddress address = settings.host() == null
                ? new InetSocketAddress(settings.port())
                : new InetSocketAddress(settings.host(), settings.port());
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
                .maxInboundMessageSize(settings.maxInboundMessageBytes())
                // HTTP/2's limit of open streams: what one connection can make the server hold (calls,
                // their windows, health watches) stays bounded; a client's further calls wait their turn.
                .maxConcurrentCallsPerConnection(settings.maxConcurrentCallsPerConnection())
                // A fixed window (no automatic growth): what a connection's streams buffer before the
                // server asks for their messages stays bounded, whatever the producers send.
                .flowControlWindow(settings.flowControlWindowBytes())
                // Dead peers are noticed, and connections do not live forever.
                .keepAliveTime(settings.keepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(settings.keepAliveTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .permitKeepAliveTime(settings.permitKeepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
                .maxConnectionIdle(settings.maxConnectionIdle().toMillis(), TimeUnit.MILLISECONDS)
                .maxConnectionAge(settings.maxConnectionAge().toMillis(), TimeUnit.MILLISECONDS)
                .maxConnectionAgeGrace(settings.maxConnectionAgeGrace().toMillis(), TimeUnit.MILLISECONDS)
                // The event loops are the server's own, so that its health can see them stop taking work.
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .channelType(NioServerSocketChannel.class)
                // Service callbacks never run on Netty's event loop; they get their own pool.
                .executor(callbacks)
                // Runs before each service's own interceptors: calls refused for their token are counted too.
                .intercept(callMetrics);
        if (settings.tls() != null) {
            builder.sslContext(settings.tls());
        }
        List<ServerServiceDefinition> guarded = new ArrayList<>(List.of(services));
        if (settings.reflection()) {
            guarded.add(ProtoReflectionServiceV1.newInstance().bindService());
        }
        CallerAuthentication authentication = new CallerAuthentication(credentials);
        for (ServerServiceDefinition service : guarded) {
            builder.addService(ServerInterceptors.intercept(service, authentication));
        }
        builder.addService(health.service());
        this.server = builder.build();
        this.callbacks = callbacks;
        this.settings = settings;
        this.draining = draining;
        this.health = health;
    }

    @Override
    public void start() throws IOException {
        server.start();
        LOG.info(
                "gRPC server listening on {}:{}{}",
                settings.host() == null ? "every interface" : settings.host(),
                server.getPort(),
                settings.tls() != null ? " (TLS)" : "");
    }

    /**
     * Begins the stop, at once, and returns: the server takes no new calls and reports NOT_SERVING, and the services
     * end their calls on a thread of their own. For the moment the whole server begins to stop, so that the application
     * port's requests and the gRPC calls share one grace instead of having one after the other; {@link #stop()} waits
     * for the rest. More calls do nothing.
     */
    public synchronized void beginStop() {
        if (drained != null) {
            return;
        }
        health.shuttingDown();
        server.shutdown();
        stopDeadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        drained = new CompletableFuture<>();
        Thread drain = new Thread(
                () -> {
                    try {
                        draining.drain(settings.shutdownGrace());
                    } finally {
                        drained.complete(null);
                    }
                },
                "grpc-drain");
        drain.setDaemon(true);
        drain.start();
    }

    @Override
    public void stop() throws InterruptedException {
        beginStop();
        long deadline;
        CompletableFuture<Void> ending;
        synchronized (this) {
            deadline = stopDeadline;
            ending = drained;
        }
        try {
            ending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException spent) {
            // the grace is spent: what is left is cut off below
        }
        // The services have ended their calls, or the grace is spent. What may still be open holds no
        // job: a call whose last words wait behind messages its caller does not take (a reader that
        // stalled or went away without closing), a health watch. gRPC would wait for them the whole
        // grace, so they get a moment to close, then the connections are cut.
        long left = Math.min(LAST_WORDS.toNanos(), Math.max(0, deadline - System.nanoTime()));
        if (!server.awaitTermination(left, TimeUnit.NANOSECONDS)) {
            server.shutdownNow();
            // Until every connection is closed: clients must see the server go, not a silent socket.
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("gRPC connections still open 5 s after shutdown");
            }
        }
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /**
     * Why the transport no longer takes work, or empty while it does: an event loop that stopped (its thread died,
     * after an OutOfMemoryError say) or a callback pool that refuses tasks. Such a server keeps its port open and
     * answers nothing, so its health must say so and send producers elsewhere.
     */
    public Optional<String> deadTransport() {
        for (EventLoopGroup group : List.of(boss, workers)) {
            for (EventExecutor loop : group) {
                if (loop.isShuttingDown()) {
                    return Optional.of("a Netty event loop of the gRPC server has stopped");
                }
                try {
                    loop.execute(() -> {});
                } catch (RejectedExecutionException stopped) {
                    return Optional.of("a Netty event loop of the gRPC server refuses work");
                }
            }
        }
        try {
            callbacks.execute(() -> {});
        } catch (RejectedExecutionException stopped) {
            return Optional.of("the gRPC server's callback pool refuses work");
        }
        return Optional.empty();
    }

    /** The worker event loops, for a test to stop as a dead thread would. */
    EventLoopGroup workers() {
        return workers;
    }

    /** The bound port, also when configured as 0. */
    public int port() {
        return server.getPort();
    }

    public boolean isServing() {
        return !server.isShutdown();
    }
}
