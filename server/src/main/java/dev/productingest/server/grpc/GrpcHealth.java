package dev.productingest.server.grpc;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.List;

/**
 * {@code grpc.health.v1.Health} for the server and each of its services, as a Kubernetes gRPC
 * probe or {@code grpc_health_probe} asks it: SERVING while the application's health checks pass,
 * NOT_SERVING while one fails and for good once the server is shutting down.
 */
public final class GrpcHealth {
    private final HealthStatusManager statuses = new HealthStatusManager();
    private final List<String> services;
    private volatile boolean shuttingDown;

    /** @param services the names of the services the status covers, besides the server's own ("") */
    public GrpcHealth(List<String> services) {
        this.services = services;
        set(ServingStatus.NOT_SERVING); // until the first checks have run
    }

    ServerServiceDefinition service() {
        BindableService health = statuses.getHealthService();
        return health.bindService();
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
