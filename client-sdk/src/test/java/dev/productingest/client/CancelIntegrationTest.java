package dev.productingest.client;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.PacedRows;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A producer that cancels its load ends the job as CANCELLED, with what was committed kept and reported. */
class CancelIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void cancellingALoadEndsItsJobAsCancelledKeepingWhatWasCommitted() throws Exception {
        try (IngestClient client = IngestClient.builder(server.target()).build()) {
            CompletableFuture<IngestSummary> load = client.loadAsync(
                    IngestOptions.defaults().withJobId("changed-mind"),
                    () -> RowSource.of(new PacedRows(catalog(30_000, 0).iterator(), 1_000, 150)));
            Conditions.await(
                    "some rows of the job commit",
                    () -> client.job("changed-mind")
                                    .map(j -> j.getSummary().getCommittedOffset())
                                    .orElse(0L)
                            > 0);

            IngestSummary cancelled = client.cancel("changed-mind");
            IngestSummary loaded = load.get(30, TimeUnit.SECONDS);

            assertThat(cancelled.getState()).isEqualTo(JobState.CANCELLED);
            assertThat(cancelled.getError()).contains("cancelled by its owner");
            assertThat(cancelled.getCommittedOffset()).isBetween(1L, 29_999L);
            assertThat(cancelled.getReceived()).isEqualTo(cancelled.getCommittedOffset());
            assertThat(loaded.getState()).isEqualTo(JobState.CANCELLED);
            assertThat(loaded.getCommittedOffset()).isEqualTo(cancelled.getCommittedOffset());
            assertThat(ProductTable.read(server.jdbi())).hasSize((int) cancelled.getInserted());
            assertThat(client.cancel("changed-mind").getCommittedOffset())
                    .as("cancelling again reports the same job")
                    .isEqualTo(cancelled.getCommittedOffset());
        }
    }
}
