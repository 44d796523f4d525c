package dev.productingest.server.ingest.stream;

import com.codahale.metrics.Meter;
import dev.productingest.server.auth.Caller;
import dev.productingest.server.auth.Callers;
import dev.productingest.server.ingest.rpc.IngestService;
import dev.productingest.server.ingest.rpc.StreamAdmission;
import dev.productingest.v1.ProductIngestGrpc;
import io.dropwizard.util.Duration;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The ingest service as the server runs it (admission, unparsed messages, {@link IngestStream}), over gRPC's in-process
 * transport, with the job table and the batch writer in memory: the stream's protocol in milliseconds, without
 * PostgreSQL or Redis.
 */
final class InProcessIngest implements AutoCloseable {
    final FakeJobs jobs = new FakeJobs();
    final FakeBatchWriter writer = new FakeBatchWriter(jobs);
    final Meter rowsReceived = new Meter();
    final StreamAdmission admission = new StreamAdmission(8, 8);
    final MemoryBudget memory;

    private final ExecutorService callbacks = Executors.newFixedThreadPool(4);
    private final ExecutorService writers = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService events = Executors.newSingleThreadExecutor();
    private final Server server;
    private final ManagedChannel channel;

    /** Batches of 10 rows, 2 in flight per stream, a 50 ms linger, and the given silence limits. */
    static IngestSettings settings(Duration headerTimeout, Duration idleTimeout) {
        return new IngestSettings(
                10, 1 << 20, Duration.milliseconds(50), 2, headerTimeout, idleTimeout, 100, "in-process");
    }

    InProcessIngest() throws IOException {
        this(settings(Duration.seconds(30), Duration.seconds(30)));
    }

    InProcessIngest(IngestSettings settings) throws IOException {
        this(settings, 64L << 20);
    }

    InProcessIngest(IngestSettings settings, long memoryBudget) throws IOException {
        memory = new MemoryBudget(memoryBudget, 8, events);
        IngestContext context = new IngestContext(
                settings,
                new LoadPermissions(0.1),
                new FutureBound(Clock.systemUTC(), Duration.hours(1)),
                jobs,
                writer,
                writers,
                timer,
                events,
                events,
                memory,
                rowsReceived,
                new Meter());
        IngestService service =
                new IngestService(context, null, null, null, admission, new IngestService.CallerLimits(16, 4));
        String name = InProcessServerBuilder.generateName();
        // Every call as an anonymous caller, as a server without credentials names them.
        ServerInterceptor anonymous = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
                return Contexts.interceptCall(
                        Context.current().withValue(Callers.KEY, Caller.anonymous()), call, headers, next);
            }
        };
        server = InProcessServerBuilder.forName(name)
                .executor(callbacks)
                .addService(ServerInterceptors.intercept(service.definition(), anonymous))
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    ProductIngestGrpc.ProductIngestStub stub() {
        return ProductIngestGrpc.newStub(channel);
    }

    @Override
    public void close() throws InterruptedException {
        writer.allowAll();
        channel.shutdownNow();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        for (ExecutorService pool : new ExecutorService[] {callbacks, writers, timer, events}) {
            pool.shutdownNow();
        }
    }
}
