package dev.productingest.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a gRPC health probe is told, as the application's checks pass, fail, and the server stops. */
class GrpcHealthTest {
    private final GrpcHealth health = new GrpcHealth(List.of("productingest.v1.ProductIngest"));
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).addService(health.service()).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    @Test
    void notServingUntilTheChecksHaveRunThenAsTheyFind() {
        assertThat(status("")).isEqualTo(ServingStatus.NOT_SERVING);

        health.update(true);
        assertThat(status("")).isEqualTo(ServingStatus.SERVING);
        assertThat(status("productingest.v1.ProductIngest")).isEqualTo(ServingStatus.SERVING);

        health.update(false);
        assertThat(status("productingest.v1.ProductIngest")).isEqualTo(ServingStatus.NOT_SERVING);
    }

    @Test
    void notServingForGoodOnceShuttingDown() {
        health.update(true);

        health.shuttingDown();
        health.update(true);

        assertThat(status("")).isEqualTo(ServingStatus.NOT_SERVING);
        assertThat(status("productingest.v1.ProductIngest")).isEqualTo(ServingStatus.NOT_SERVING);
    }

    private ServingStatus status(String service) {
        return HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }
}
