package dev.productingest.client;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import io.dropwizard.testing.ConfigOverride;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A snapshot's retire that takes longer than the stall timeout is progress, not a stall: the SDK counts the job's
 * retired products rising, and waits for the job to complete on the same stream.
 */
class SnapshotRetireStallIntegrationTest {
    // One product per retire transaction: 2,000 of them take far longer than the one-second stall timeout.
    @RegisterExtension
    static final TestServer server = TestServer.perClass(
            ConfigOverride.config("snapshot.retireBatch", "1"),
            ConfigOverride.config("snapshot.maxRetiredShare", "1.0"));

    @Test
    void aLongRetireIsNotTakenForAStalledStream() throws Exception {
        List<ProductRow> stored = catalog(3_000, 0);
        try (IngestClient client = IngestClient.builder(server.target())
                .retry(RetryPolicy.none())
                .stallTimeout(Duration.ofSeconds(1))
                .build()) {
            client.load(IngestOptions.defaults().withJobId("stored"), RowSource.of(stored.iterator()));

            // No retry: a stream taken for stalled would fail the load. (StallWatchTest holds the rule on a clock of
            // its own;
            // this holds the SDK to it end to end, the retire taking seconds here with one product a transaction.)
            IngestSummary summary = client.load(
                    IngestOptions.defaults().withJobId("nightly").withSnapshot(new IngestOptions.Snapshot(null, null)),
                    RowSource.of(stored.subList(0, 1_000).iterator()));

            assertThat(summary.getState()).isEqualTo(JobState.COMPLETED);
            assertThat(summary.getRetired()).isEqualTo(2_000);
        }
    }
}
