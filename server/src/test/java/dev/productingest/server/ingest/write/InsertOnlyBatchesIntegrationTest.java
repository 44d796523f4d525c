package dev.productingest.server.ingest.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.Products;
import dev.productingest.server.testing.Rest;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.ProductRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Batches of a catalog whose rows have all been new so far are tried as inserts alone; a stored SKU sends the batch
 * back through the lock-read, with the same counts either way.
 */
class InsertOnlyBatchesIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void aNewCatalogIsWrittenAsInsertsAloneAndAReloadFallsBackOnceWithExactCounts() {
        List<ProductRow> catalog = Products.catalog(6_000, 10);
        long missesBefore = misses();

        IngestSummary fresh = IngestCall.load(server.asyncStub(), "insert-only-fresh", catalog)
                .summary();
        assertThat(fresh.getInserted()).isEqualTo(6_000);
        assertThat(misses()).as("no batch of a new catalog meets a stored SKU").isEqualTo(missesBefore);

        IngestSummary again = IngestCall.load(server.asyncStub(), "insert-only-again", catalog)
                .summary();
        assertThat(again.getUnchanged()).isEqualTo(6_000);
        assertThat(again.getInserted()).isZero();
        assertThat(misses())
                .as("only the re-load's first batch is tried as inserts")
                .isEqualTo(missesBefore + 1);
    }

    @Test
    void aBatchMixingNewAndStoredSkusAfterNewOnesKeepsTheWinnerRule() {
        IngestCall.load(server.asyncStub(), "mixed-seed", rows(1_000, 2_000, 10));

        // The job's first rows are all new, then its batches meet stored SKUs with older versions.
        List<ProductRow> newer = new ArrayList<>(rows(0, 1_000, 20));
        newer.addAll(rows(1_000, 2_000, 5));
        IngestSummary mixed =
                IngestCall.load(server.asyncStub(), "mixed", newer).summary();

        assertThat(mixed.getInserted()).isEqualTo(1_000);
        assertThat(mixed.getStale()).as("older than the stored versions").isEqualTo(1_000);
        assertThat(mixed.getReceived()).isEqualTo(2_000);
    }

    private static List<ProductRow> rows(int from, int to, long updatedSecondsAfterBase) {
        List<ProductRow> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            rows.add(Products.row("MIXED-" + i, updatedSecondsAfterBase));
        }
        return rows;
    }

    private static long misses() {
        return Rest.ok("http://localhost:" + server.adminPort() + "/metrics")
                .get("meters")
                .get("ingest.batch.insert-only-misses")
                .get("count")
                .asLong();
    }
}
