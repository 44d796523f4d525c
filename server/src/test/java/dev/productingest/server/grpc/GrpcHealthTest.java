package dev.productingest.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.productingest.server.testing.Conditions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a gRPC health probe and a health-checked client are told, as the application's checks pass, fail, and the server
 * stops; and the bounds on what callers without a token can make it hold.
 */
class GrpcHealthTest {
    private static final int MAX_WATCHES = 2;

    private final GrpcHealth health = new GrpcHealth(List.of("productingest.v1.ProductIngest"), MAX_WATCHES);
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .addService(health.service())
                .build()
                .start();
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

    @Test
    void aWatchIsToldTheStatusNowAndEachChange() throws Exception {
        HealthWatch watch = HealthWatch.start(channel, "productingest.v1.ProductIngest");
        assertThat(watch.next()).isEqualTo(ServingStatus.NOT_SERVING);

        health.update(true);
        assertThat(watch.next()).isEqualTo(ServingStatus.SERVING);

        health.shuttingDown();
        assertThat(watch.next()).isEqualTo(ServingStatus.NOT_SERVING);
    }

    @Test
    void aServiceNameOverTheBoundIsInvalidAndNotWatched() throws Exception {
        String tooLong = "s".repeat(HealthCallBounds.MAX_SERVICE_NAME + 1);

        assertThatThrownBy(() -> status(tooLong))
                .satisfies(e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThat(HealthWatch.start(channel, tooLong).endedWith()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        // A name at the bound is an unknown service, as before.
        assertThat(HealthWatch.start(channel, "s".repeat(HealthCallBounds.MAX_SERVICE_NAME))
                        .next())
                .isEqualTo(ServingStatus.SERVICE_UNKNOWN);
    }

    @Test
    void watchesBeyondTheBoundAreRefusedUntilOneEnds() throws Exception {
        List<HealthWatch> watches = new ArrayList<>();
        for (int i = 0; i < MAX_WATCHES; i++) {
            HealthWatch watch = HealthWatch.start(channel, "");
            assertThat(watch.next()).isEqualTo(ServingStatus.NOT_SERVING);
            watches.add(watch);
        }

        assertThat(HealthWatch.start(channel, "").endedWith()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(status("")).as("Check holds nothing: never refused").isEqualTo(ServingStatus.NOT_SERVING);

        watches.get(0).cancel();
        Conditions.await(
                "the ended watch's place is taken again",
                () -> HealthWatch.start(channel, "").admitted());
    }

    @Test
    void aWatchRefusedForItsNameHoldsNoPlace() throws Exception {
        String tooLong = "s".repeat(HealthCallBounds.MAX_SERVICE_NAME + 1);
        for (int i = 0; i < MAX_WATCHES * 3; i++) {
            assertThat(HealthWatch.start(channel, tooLong).endedWith()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        }

        assertThat(HealthWatch.start(channel, "").next()).isEqualTo(ServingStatus.NOT_SERVING);
    }

    private ServingStatus status(String service) {
        return HealthGrpc.newBlockingStub(channel)
                .check(HealthCheckRequest.newBuilder().setService(service).build())
                .getStatus();
    }
}
