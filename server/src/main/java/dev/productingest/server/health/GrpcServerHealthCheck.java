package dev.productingest.server.health;

import com.codahale.metrics.health.HealthCheck;
import dev.productingest.server.grpc.GrpcServer;

/** Healthy while the gRPC server accepts calls and its transport takes work. */
public final class GrpcServerHealthCheck extends HealthCheck {
    private final GrpcServer server;

    public GrpcServerHealthCheck(GrpcServer server) {
        this.server = server;
    }

    @Override
    protected Result check() {
        if (!server.isServing()) {
            return Result.unhealthy("the gRPC server is shut down");
        }
        return server.deadTransport()
                .map(Result::unhealthy)
                .orElseGet(() -> Result.healthy("serving on port %d", server.port()));
    }
}
