package dev.productingest.client;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import io.dropwizard.testing.ConfigOverride;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connections that open Ingest streams and send nothing, half with a header and half without, take every stream slot: a
 * real load is refused, retries, and gets through once the server has ended them, within the configured timeouts.
 */
class IdleConnectionsIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(
            ConfigOverride.config("ingest.maxStreams", "6"),
            ConfigOverride.config("ingest.maxStreamsPerClient", "6"),
            // Long enough that a busy machine admits all six before the first is ended.
            ConfigOverride.config("ingest.headerTimeout", "3s"),
            ConfigOverride.config("ingest.idleTimeout", "3s"));

    @Test
    void idleStreamsHoldingEverySlotKeepARealLoadOutOnlyUntilTheyAreEnded() throws Exception {
        List<IngestCall> idle = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            IngestCall call = IngestCall.open(server.asyncStub());
            if (i % 2 == 0) {
                call.send(IngestCall.header("idle-" + i));
            }
            idle.add(call);
        }
        server.awaitAdmittedStreams(6);
        List<Status.Code> retriedOn = new CopyOnWriteArrayList<>();

        IngestSummary summary;
        try (IngestClient client = IngestClient.builder(server.target())
                .retry(new RetryPolicy(30, Duration.ofMillis(200), Duration.ofSeconds(1)))
                .onRetry((attempt, attempts, failure, wait) -> retriedOn.add(failure.code()))
                .build()) {
            summary = client.load(
                    IngestOptions.defaults().withJobId("real"),
                    () -> RowSource.of(catalog(2_000, 0).iterator()));
        }

        assertThat(retriedOn)
                .as("the real load was first refused for want of a slot")
                .contains(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(summary.getState()).isEqualTo(JobState.COMPLETED);
        assertThat(summary.getInserted()).isEqualTo(2_000);
        assertThat(ProductTable.read(server.jdbi())).hasSize(2_000);
        idle.forEach(call -> assertThat(call.await().status().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }
}
