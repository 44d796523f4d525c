package dev.productingest.server.ingest;

import static dev.productingest.server.testing.IngestCall.chunk;
import static dev.productingest.server.testing.IngestCall.header;
import static dev.productingest.server.testing.Products.catalog;
import static dev.productingest.server.testing.Products.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.Products;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ingest path end to end: gRPC over a socket into the real application and PostgreSQL. Batches hold 1000 rows. */
class IngestIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void hundredThousandRowsLandExactlyAsSent() {
        List<ProductRow> rows = catalog(100_000, 0);

        IngestCall.Result result = IngestCall.load(server.asyncStub(), "fresh-100k", rows);

        assertThat(result.status().isOk()).as(result.status().toString()).isTrue();
        IngestSummary s = result.summary();
        assertThat(s.getState()).isEqualTo(JobState.COMPLETED);
        assertThat(s.getReceived()).isEqualTo(100_000);
        assertThat(s.getInserted()).isEqualTo(100_000);
        assertThat(s.getUpdated() + s.getUnchanged() + s.getStale() + s.getRejected())
                .isZero();
        assertThat(s.getCommittedOffset()).isEqualTo(100_000);
        Map<String, ProductRow> table = ProductTable.read(server.jdbi());
        assertThat(table).hasSize(100_000);
        for (ProductRow sent : rows) {
            assertThat(table.get(sent.getSku())).isEqualTo(sent);
        }
    }

    @Test
    void reloadingTheSameCatalogWritesNothing() {
        List<ProductRow> rows = catalog(20_000, 0);
        IngestCall.load(server.asyncStub(), "first", rows);
        Map<String, String> versionsBefore = ProductTable.versions(server.jdbi());

        IngestSummary again = IngestCall.load(server.asyncStub(), "again", rows).summary();

        assertThat(again.getUnchanged()).isEqualTo(20_000);
        assertThat(again.getInserted() + again.getUpdated() + again.getStale()).isZero();
        assertThat(ProductTable.versions(server.jdbi())).isEqualTo(versionsBefore);
    }

    @Test
    void changedRowsOfAReloadAreUpdatedAndTheRestUnchanged() {
        List<ProductRow> rows = catalog(3_000, 0);
        IngestCall.load(server.asyncStub(), "first", rows);
        List<ProductRow> reload = new ArrayList<>(rows);
        for (int i = 0; i < reload.size(); i += 10) {
            reload.set(
                    i,
                    reload.get(i).toBuilder()
                            .setStock(9999)
                            .setUpdatedAt(Products.at(60))
                            .build());
        }

        IngestSummary s = IngestCall.load(server.asyncStub(), "reload", reload).summary();

        assertThat(s.getUpdated()).isEqualTo(300);
        assertThat(s.getUnchanged()).isEqualTo(2_700);
        assertThat(ProductTable.read(server.jdbi()).get(Products.sku(10)).getStock())
                .isEqualTo(9999);
    }

    @Test
    void changedRowsAreRewrittenInPlaceWithoutNewIndexEntries() {
        List<ProductRow> rows = catalog(5_000, 0);
        IngestCall.load(server.asyncStub(), "first", rows);
        long[] before = updates();
        List<ProductRow> reload = new ArrayList<>(rows);
        for (int i = 0; i < reload.size(); i += 10) {
            reload.set(
                    i,
                    reload.get(i).toBuilder()
                            .setStock(4242)
                            .setUpdatedAt(Products.at(60))
                            .build());
        }

        assertThat(IngestCall.load(server.asyncStub(), "reload", reload)
                        .summary()
                        .getUpdated())
                .isEqualTo(500);

        // PostgreSQL's statistics arrive a moment after the commit.
        Conditions.await("PostgreSQL counts the 500 updates", () -> updates()[0] - before[0] >= 500);
        long hot = updates()[1] - before[1];
        assertThat(hot)
                .as("HOT updates of 500: the pages keep room for new versions (fillfactor)")
                .isGreaterThanOrEqualTo(400);
    }

    /** PostgreSQL's counts of updated products, and of those rewritten on their own page with no index entry (HOT). */
    private static long[] updates() {
        return server.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'products'")
                        .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                        .one());
    }

    @Test
    void newestVersionWinsWithinABatchAndTheOthersAreStale() {
        List<ProductRow> rows = List.of(
                row("A", 1).toBuilder().setPriceMinor(100).build(),
                row("A", 3).toBuilder().setPriceMinor(300).build(),
                row("A", 2).toBuilder().setPriceMinor(200).build());

        IngestSummary s = IngestCall.load(server.asyncStub(), "in-batch", rows).summary();

        assertThat(s.getInserted()).isEqualTo(1);
        assertThat(s.getStale()).isEqualTo(2);
        assertThat(ProductTable.read(server.jdbi()).get("A").getPriceMinor()).isEqualTo(300);
    }

    @Test
    void aTieWithinABatchGoesToTheLaterRow() {
        List<ProductRow> rows = List.of(
                row("A", 5).toBuilder().setPriceMinor(100).build(),
                row("A", 5).toBuilder().setPriceMinor(200).build());

        IngestCall.load(server.asyncStub(), "tie", rows);

        assertThat(ProductTable.read(server.jdbi()).get("A").getPriceMinor()).isEqualTo(200);
    }

    @Test
    void newestVersionWinsAcrossBatches() {
        List<ProductRow> rows = new ArrayList<>();
        rows.add(row("A", 2).toBuilder().setPriceMinor(200).build());
        rows.addAll(catalog(1_500, 0));
        rows.add(row("A", 1).toBuilder().setPriceMinor(100).build()); // older, in a later batch
        rows.addAll(catalog(1_500, 0).stream()
                .map(r -> r.toBuilder().setSku("B" + r.getSku()).build())
                .toList());
        rows.add(row("A", 2).toBuilder().setPriceMinor(250).build()); // a tie, written later

        IngestSummary s = IngestCall.load(server.asyncStub(), "across", rows).summary();

        assertThat(ProductTable.read(server.jdbi()).get("A").getPriceMinor()).isEqualTo(250);
        assertThat(s.getInserted()).isEqualTo(3_001);
        assertThat(s.getStale()).isEqualTo(1);
        assertThat(s.getUpdated()).isEqualTo(1);
        assertThat(s.getReceived()).isEqualTo(rows.size());
    }

    @Test
    void anOlderVersionFromAnotherStreamIsStaleAndWritesNothing() {
        IngestCall.load(server.asyncStub(), "newer", List.of(row("A", 10)));
        Map<String, String> before = ProductTable.versions(server.jdbi());

        IngestSummary s = IngestCall.load(
                        server.asyncStub(),
                        "older",
                        List.of(row("A", 5).toBuilder().setStock(1).build()))
                .summary();

        assertThat(s.getStale()).isEqualTo(1);
        assertThat(ProductTable.versions(server.jdbi())).isEqualTo(before);
        assertThat(ProductTable.read(server.jdbi()).get("A")).isEqualTo(row("A", 10));
    }

    @Test
    void aTieFromALaterStreamWins() {
        IngestCall.load(server.asyncStub(), "first", List.of(row("A", 10)));

        IngestSummary s = IngestCall.load(
                        server.asyncStub(),
                        "second",
                        List.of(row("A", 10).toBuilder().setStock(77).build()))
                .summary();

        assertThat(s.getUpdated()).isEqualTo(1);
        assertThat(ProductTable.read(server.jdbi()).get("A").getStock()).isEqualTo(77);
    }

    @Test
    void tiesAfterABatchOfChangedRowsAreStillDecidedByContent() {
        List<ProductRow> stored = changedThenTies(0);
        stored.addAll(List.of(row("CT-GREATER", 10), row("CT-LESSER", 10), row("CT-SAME", 10)));
        IngestCall.load(server.asyncStub(), "stored-then-tied", stored);

        // The job's first batches (the tests' batchRows is 1000) are all changed rows, so the one with the ties
        // reads the stored versions without their content, and then the content of its ties alone.
        List<ProductRow> next = changedThenTies(1);
        next.add(row("CT-GREATER", 10).toBuilder().setName("Zz").build());
        // Lesser in every group: a row lesser only in its content would count unchanged by its price and stock.
        next.add(row("CT-LESSER", 10).toBuilder()
                .setName("Aa")
                .setPriceMinor(1)
                .setStock(0)
                .build());
        next.add(row("CT-SAME", 10));
        IngestSummary s =
                IngestCall.load(server.asyncStub(), "changed-then-tied", next).summary();

        assertThat(s.getUpdated()).as("%s", s).isEqualTo(5_001);
        assertThat(s.getStale()).as("%s", s).isEqualTo(1);
        assertThat(s.getUnchanged()).as("%s", s).isEqualTo(1);
        Map<String, ProductRow> table = ProductTable.read(server.jdbi(), "CT-");
        assertThat(table.get("CT-GREATER").getName()).isEqualTo("Zz");
        assertThat(table.get("CT-LESSER")).isEqualTo(row("CT-LESSER", 10));
        assertThat(table.get("CT-SAME")).isEqualTo(row("CT-SAME", 10));
    }

    @Test
    void afterBatchesOfChangedRowsEveryOtherRowStillFaresAsTheWinnerRuleSays() {
        List<ProductRow> stored = changedThenTies(20, "CN-");
        stored.addAll(List.of(
                row("CN-NEWER", 10),
                row("CN-TIE", 10),
                row("CN-STALE", 10),
                row("CN-SAME", 10),
                Products.tombstone("CN-DELETED", 10),
                row("CN-STOCK-AHEAD", 10),
                Products.stock("CN-STOCK-AHEAD", 77, 12),
                Products.price("CN-PRICE-ONLY", 500, "EUR", 12),
                row("CN-TWICE", 10)));
        IngestCall.load(server.asyncStub(), "stored-then-changed", stored);

        // The job's first batches are all changed rows, so the last one is written newest first, without a read:
        // every row of it must still come out as the lock-read would have it.
        List<ProductRow> next = changedThenTies(21, "CN-");
        next.addAll(List.of(
                row("CN-NEWER", 11).toBuilder().setName("newer").build(),
                row("CN-TIE", 10).toBuilder().setName("Zz").build(),
                row("CN-STALE", 9).toBuilder().setName("stale").build(),
                row("CN-SAME", 10),
                row("CN-DELETED", 11),
                row("CN-STOCK-AHEAD", 11).toBuilder()
                        .setName("content")
                        .setStock(5)
                        .build(),
                row("CN-PRICE-ONLY", 11),
                row("CN-NEW", 11),
                row("CN-TWICE", 11),
                row("CN-TWICE", 12).toBuilder().setName("twice").build()));
        IngestSummary s = IngestCall.load(server.asyncStub(), "changed-then-every-kind", next)
                .summary();

        assertThat(s.getUpdated()).as("%s", s).isEqualTo(5_000 + 4);
        assertThat(s.getInserted()).as("%s", s).isEqualTo(3);
        assertThat(s.getStale()).as("%s", s).isEqualTo(2);
        assertThat(s.getUnchanged()).as("%s", s).isEqualTo(1);
        Map<String, ProductRow> table = ProductTable.read(server.jdbi(), "CN-");
        assertThat(table).hasSize(5_000 + 9);
        assertThat(table.get("CN-NEWER").getName()).isEqualTo("newer");
        assertThat(table.get("CN-TIE").getName()).isEqualTo("Zz");
        assertThat(table.get("CN-STALE")).isEqualTo(row("CN-STALE", 10));
        assertThat(table.get("CN-DELETED")).isEqualTo(row("CN-DELETED", 11));
        assertThat(table.get("CN-STOCK-AHEAD").getName()).isEqualTo("content");
        assertThat(table.get("CN-STOCK-AHEAD").getStock())
                .as("the stock's newer version")
                .isEqualTo(77);
        assertThat(table.get("CN-PRICE-ONLY").getName())
                .isEqualTo(row("CN-PRICE-ONLY", 11).getName());
        assertThat(table.get("CN-PRICE-ONLY").getPriceMinor())
                .as("the price's newer version")
                .isEqualTo(500);
        assertThat(table.get("CN-TWICE").getName()).isEqualTo("twice");
    }

    /** Rows of SKUs of their own, several batches' worth, at this version. */
    private static List<ProductRow> changedThenTies(long version) {
        return changedThenTies(version, "CT-");
    }

    private static List<ProductRow> changedThenTies(long version, String prefix) {
        List<ProductRow> rows = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            rows.add(row(String.format(prefix + "%05d", i), version));
        }
        return rows;
    }

    @Test
    void getJobAnswersTheStoredCounts() {
        IngestCall.load(server.asyncStub(), "job-x", catalog(10, 0));

        var job = server.blockingStub()
                .getJob(GetJobRequest.newBuilder().setJobId("job-x").build());

        assertThat(job.getSummary().getState()).isEqualTo(JobState.COMPLETED);
        assertThat(job.getSummary().getInserted()).isEqualTo(10);
        assertThat(job.getSource()).isEqualTo("test");
    }

    @Test
    void resendingACompletedJobAnswersItsSummaryAndWritesNothing() {
        List<ProductRow> rows = catalog(2_000, 0);
        IngestSummary first = IngestCall.load(server.asyncStub(), "done", rows).summary();

        IngestCall.Result again = IngestCall.load(server.asyncStub(), "done", rows);

        assertThat(again.summary()).isEqualTo(first);
    }

    @Test
    void newRowsForACompletedJobAreRefused() {
        IngestCall.load(server.asyncStub(), "done", catalog(10, 0));

        IngestCall.Result more = IngestCall.run(server.asyncStub(), List.of(header("done"), chunk(0, catalog(11, 0))));

        assertThat(more.status().getCode()).isEqualTo(io.grpc.Status.Code.FAILED_PRECONDITION);
        assertThat(more.status().getDescription()).contains("already COMPLETED").contains("offset 10");
    }
}
