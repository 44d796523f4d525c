package dev.productingest.server.grpc;

import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.List;

/**
 * {@code grpc.health.v1.Health} for the server and each of its services, as a Kubernetes gRPC probe or
 * {@code grpc_health_probe} asks it: SERVING while the application's health checks pass, NOT_SERVING while one fails
 * and for good once the server is shutting down. Open to every caller, so bounded ({@link HealthCallBounds}): service
 * names of at most 256 characters, and at most {@code maxWatches} Watch calls at once.
 */
public final class GrpcHealth {
    private final HealthStatusManager statuses = new HealthStatusManager();
    private final List<String> services;
    private final HealthCallBounds bounds;
    private volatile boolean shuttingDown;

    /**
     * @param services the names of the services the status covers, besides the server's own ("")
     * @param maxWatches Watch calls served at once (the SDK's health-checked round robin holds one per server it uses)
     */
    public GrpcHealth(List<String> services, int maxWatches) {
        this.services = services;
        this.bounds = new HealthCallBounds(maxWatches);
        set(ServingStatus.NOT_SERVING); // until the first checks have run
    }

    ServerServiceDefinition service() {
        return ServerInterceptors.intercept(statuses.getHealthService(), bounds);
    }

    /** What the application's health checks found. */
    public void update(boolean healthy) {
        if (!shuttingDown) {
            set(healthy ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
        }
    }

    void shuttingDown() {
        shuttingDown = true;
        statuses.enterTerminalState();
    }

    private void set(ServingStatus status) {
        statuses.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
        for (String service : services) {
            statuses.setStatus(service, status);
        }
    }
}
