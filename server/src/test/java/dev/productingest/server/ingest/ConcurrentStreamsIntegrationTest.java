package dev.productingest.server.ingest;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.Products;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConcurrentStreamsIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void streamsWithOverlappingSkusInOppositeOrdersBothCompleteAndTheNewestVersionWins() {
        int n = 20_000;
        // Even SKUs are newer in stream A, odd ones in stream B.
        List<ProductRow> a = new ArrayList<>();
        List<ProductRow> b = new ArrayList<>();
        for (ProductRow r : catalog(n, 0)) {
            int i = Integer.parseInt(r.getSku().substring(4));
            a.add(r.toBuilder()
                    .setStock(1)
                    .setUpdatedAt(dev.productingest.server.testing.Products.at(i % 2 == 0 ? 20 : 10))
                    .build());
            b.add(r.toBuilder()
                    .setStock(2)
                    .setUpdatedAt(dev.productingest.server.testing.Products.at(i % 2 == 0 ? 10 : 20))
                    .build());
        }
        Collections.reverse(b);

        CompletableFuture<IngestCall.Result> first =
                CompletableFuture.supplyAsync(() -> IngestCall.load(server.asyncStub(), "ascending", a));
        CompletableFuture<IngestCall.Result> second =
                CompletableFuture.supplyAsync(() -> IngestCall.load(server.asyncStub(), "descending", b));
        IngestSummary sa = first.join().summary();
        IngestSummary sb = second.join().summary();

        assertThat(sa.getState()).isEqualTo(JobState.COMPLETED);
        assertThat(sb.getState()).isEqualTo(JobState.COMPLETED);
        // Every SKU was inserted once, and for each one the older version was either stale or overwritten.
        assertThat(sa.getInserted() + sb.getInserted()).isEqualTo(n);
        assertThat(sa.getStale() + sb.getStale() + sa.getUpdated() + sb.getUpdated())
                .isEqualTo(n);
        assertThat(sa.getReceived() + sb.getReceived()).isEqualTo(2L * n);
        Map<String, ProductRow> table = ProductTable.read(server.jdbi(), "SKU-");
        assertThat(table).hasSize(n);
        for (Map.Entry<String, ProductRow> e : table.entrySet()) {
            int i = Integer.parseInt(e.getKey().substring(4));
            assertThat(e.getValue().getStock()).as(e.getKey()).isEqualTo(i % 2 == 0 ? 1 : 2);
        }
    }

    @Test
    void changedLoadsOfTheSameSkusInOppositeOrdersNeitherDeadlockNorLoseAVersion() {
        int n = 20_000;
        List<ProductRow> stored = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            stored.add(Products.row(String.format("CH-%08d", i), 0));
        }
        IngestCall.load(server.asyncStub(), "changed-base", stored);
        // Every row is newer than the stored one, so each job soon writes its batches newest first: even SKUs are
        // newest in stream A, odd ones in stream B, so each batch finds some of its SKUs already newer.
        List<ProductRow> a = new ArrayList<>();
        List<ProductRow> b = new ArrayList<>();
        for (ProductRow r : stored) {
            boolean even = Integer.parseInt(r.getSku().substring(3)) % 2 == 0;
            a.add(r.toBuilder()
                    .setStock(1)
                    .setUpdatedAt(Products.at(even ? 20 : 10))
                    .build());
            b.add(r.toBuilder()
                    .setStock(2)
                    .setUpdatedAt(Products.at(even ? 10 : 20))
                    .build());
        }
        Collections.reverse(b);
        long deadlocksBefore = deadlocks();

        CompletableFuture<IngestCall.Result> first =
                CompletableFuture.supplyAsync(() -> IngestCall.load(server.asyncStub(), "changed-ascending", a));
        CompletableFuture<IngestCall.Result> second =
                CompletableFuture.supplyAsync(() -> IngestCall.load(server.asyncStub(), "changed-descending", b));
        IngestSummary sa = first.join().summary();
        IngestSummary sb = second.join().summary();

        assertThat(sa.getState()).isEqualTo(JobState.COMPLETED);
        assertThat(sb.getState()).isEqualTo(JobState.COMPLETED);
        assertThat(sa.getUpdated() + sb.getUpdated() + sa.getStale() + sb.getStale())
                .isEqualTo(2L * n);
        assertThat(sa.getUpdated() + sb.getUpdated()).isBetween((long) n, 2L * n);
        Map<String, ProductRow> table = ProductTable.read(server.jdbi(), "CH-");
        assertThat(table).hasSize(n);
        for (Map.Entry<String, ProductRow> e : table.entrySet()) {
            boolean even = Integer.parseInt(e.getKey().substring(3)) % 2 == 0;
            assertThat(e.getValue().getStock()).as(e.getKey()).isEqualTo(even ? 1 : 2);
        }
        // Batches lock their rows in SKU order, so they wait for one another but never deadlock (a deadlock is
        // retried, so the counts would hold anyway: each costs a second of PostgreSQL's deadlock_timeout).
        assertThat(deadlocks()).isEqualTo(deadlocksBefore);
    }

    @Test
    void aRowAnotherTransactionHoldsDuringAChangedLoadIsWaitedForNotFailed() throws Exception {
        List<ProductRow> stored = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            stored.add(Products.row(String.format("HL-%08d", i), 10));
        }
        IngestCall.load(server.asyncStub(), "held-base", stored);
        // Newer rows, so that the last batch is written newest first; its one stale row is left to the lock-read,
        // which meets the row held below.
        List<ProductRow> next = new ArrayList<>();
        for (ProductRow r : stored) {
            next.add(r.toBuilder()
                    .setStock(7)
                    .setUpdatedAt(Products.at(r.getSku().equals("HL-00002500") ? 5 : 20))
                    .build());
        }

        try (Handle holder = server.jdbi().open()) {
            holder.begin();
            holder.execute("SELECT 1 FROM products WHERE sku = 'HL-00002500' FOR UPDATE");
            CompletableFuture<IngestCall.Result> load =
                    CompletableFuture.supplyAsync(() -> IngestCall.load(server.asyncStub(), "held-changed", next));
            Conditions.await("the batch waits for the held row", () -> waitingForALock(holder));
            assertThat(load).isNotDone();
            holder.commit();

            IngestSummary s = load.get(60, TimeUnit.SECONDS).summary();
            assertThat(s.getState()).isEqualTo(JobState.COMPLETED);
            assertThat(s.getUpdated()).isEqualTo(2_999);
            assertThat(s.getStale()).isEqualTo(1);
        }
        Map<String, ProductRow> table = ProductTable.read(server.jdbi(), "HL-");
        assertThat(table.values())
                .allSatisfy(r -> assertThat(r.getStock())
                        .as(r.getSku())
                        .isEqualTo(
                                r.getSku().equals("HL-00002500")
                                        ? stored.get(2_500).getStock()
                                        : 7));
    }

    private static boolean waitingForALock(Handle holder) {
        return server.jdbi()
                        .withHandle(h -> h.createQuery(
                                        "SELECT count(*) FROM pg_stat_activity "
                                                + "WHERE wait_event_type = 'Lock' AND pid <> :holder AND pid <> pg_backend_pid()")
                                .bind(
                                        "holder",
                                        holder.createQuery("SELECT pg_backend_pid()")
                                                .mapTo(Integer.class)
                                                .one())
                                .mapTo(Long.class)
                                .one())
                > 0;
    }

    private static long deadlocks() {
        return server.jdbi().withHandle(h -> {
            h.execute("SELECT pg_stat_clear_snapshot()");
            return h.createQuery("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
                    .mapTo(Long.class)
                    .one();
        });
    }
}
