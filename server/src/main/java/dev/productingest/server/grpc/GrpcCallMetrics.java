package dev.productingest.server.grpc;

import com.codahale.metrics.MetricRegistry;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.MapperConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every gRPC call the server takes, by service, method and status code: calls started
 * ({@code grpc.server.started.<Service>.<Method>}), calls ended by code
 * ({@code grpc.server.handled.<Service>.<Method>.<CODE>}) and how long they lasted
 * ({@code grpc.server.handling.<Service>.<Method>}; a stream's whole life). {@link #PROMETHEUS} turns the name's parts
 * into labels, as gRPC's own Prometheus exporters name them.
 */
public final class GrpcCallMetrics implements ServerInterceptor {
    /**
     * Prometheus names and labels for these metrics:
     * {@code grpc_server_handled_total{grpc_service,grpc_method,grpc_code}} and so on. The Prometheus client's bridge
     * for Dropwizard metrics 4 takes the label mapper of its metrics-5 bridge, hence the package.
     */
    public static final List<MapperConfig> PROMETHEUS = List.of(
            new MapperConfig(
                    "grpc.server.started.*.*",
                    "grpc_server_started",
                    Map.of("grpc_service", "${0}", "grpc_method", "${1}")),
            new MapperConfig(
                    "grpc.server.handled.*.*.*",
                    "grpc_server_handled",
                    Map.of("grpc_service", "${0}", "grpc_method", "${1}", "grpc_code", "${2}")),
            new MapperConfig(
                    "grpc.server.handling.*.*",
                    "grpc_server_handling_seconds",
                    Map.of("grpc_service", "${0}", "grpc_method", "${1}")));

    private final MetricRegistry metrics;

    public GrpcCallMetrics(MetricRegistry metrics) {
        this.metrics = metrics;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        MethodDescriptor<Q, R> method = call.getMethodDescriptor();
        // The service's simple name: a dotted package would split into more name parts than the labels take.
        String service = method.getServiceName() == null ? "unknown" : simpleName(method.getServiceName());
        String bare = method.getBareMethodName() == null ? "unknown" : method.getBareMethodName();
        metrics.meter(MetricRegistry.name("grpc", "server", "started", service, bare))
                .mark();
        Ended ended = new Ended(service, bare, System.nanoTime());
        ServerCall<Q, R> recorded = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                ended.record(status.getCode());
                super.close(status, trailers);
            }
        };
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                next.startCall(recorded, headers)) {
            // A call the client cancels, or whose deadline passes, may end without the server closing it.
            @Override
            public void onCancel() {
                ended.record(Status.Code.CANCELLED);
                super.onCancel();
            }
        };
    }

    private static String simpleName(String service) {
        return service.substring(service.lastIndexOf('.') + 1);
    }

    /** A call's end, counted once: a close and a cancel can both arrive. */
    private final class Ended {
        private final String service;
        private final String method;
        private final long startedNanos;
        private final AtomicBoolean recorded = new AtomicBoolean();

        Ended(String service, String method, long startedNanos) {
            this.service = service;
            this.method = method;
            this.startedNanos = startedNanos;
        }

        void record(Status.Code code) {
            if (recorded.compareAndSet(false, true)) {
                metrics.meter(MetricRegistry.name("grpc", "server", "handled", service, method, code.name()))
                        .mark();
                metrics.timer(MetricRegistry.name("grpc", "server", "handling", service, method))
                        .update(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
            }
        }
    }
}
