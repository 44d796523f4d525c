package dev.productingest.client;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.PacedRows;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestSummary;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The progress listener hears a load move: rows sent, rows committed, a rate and an ETA. */
class LoadProgressIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void aLoadReportsCommittedRowsAsTheyCommitWithARateAndAnEta() {
        int total = 20_000;
        List<LoadProgress> heard = new CopyOnWriteArrayList<>();
        IngestSummary summary;
        try (IngestClient client = IngestClient.builder(server.target())
                .onProgress(Duration.ofMillis(20), heard::add)
                .build()) {
            IngestOptions options =
                    IngestOptions.defaults().withJobId("watched-load").withExpectedRows((long) total);
            summary = client.load(
                    options, RowSource.of(new PacedRows(catalog(total, 0).iterator(), 2_000, 100)));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }

        assertThat(summary.getReceived()).isEqualTo(total);
        assertThat(heard).isNotEmpty().allSatisfy(p -> {
            assertThat(p.jobId()).isEqualTo("watched-load");
            assertThat(p.rowsCommitted()).isBetween(0L, p.rowsSent());
            assertThat(p.expectedRows()).isEqualTo(total);
        });
        assertThat(heard).extracting(LoadProgress::rowsCommitted).isSorted();
        LoadProgress midway = heard.stream()
                .filter(p -> p.rowsCommitted() > 0 && p.rowsCommitted() < total)
                .findFirst()
                .orElseThrow();
        assertThat(midway.rowsPerSecond()).isPositive();
        assertThat(midway.eta()).isPresent();
    }
}
