package dev.productingest.server.ingest;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.store.Timestamps;
import dev.productingest.server.testing.Bearer;
import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.Products;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.LoadMode;
import dev.productingest.v1.ProductIngestGrpc;
import dev.productingest.v1.ProductRow;
import io.dropwizard.testing.ConfigOverride;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A snapshot speaks for the moment its data was taken (its as_of, else its newest row), never the server's clock: what
 * was created or written after that moment keeps its place, whether it committed before the snapshot loaded, while it
 * loaded, or while it retired.
 */
class SnapshotTimeIntegrationTest {
    // Small retire steps, so that a delta can commit between them.
    @RegisterExtension
    static final TestServer server = TestServer.perClass(
            ConfigOverride.config("snapshot.retireBatch", "10"),
            Bearer.adminBesideAnonymous()[0],
            Bearer.adminBesideAnonymous()[1],
            Bearer.adminBesideAnonymous()[2],
            Bearer.adminBesideAnonymous()[3]);

    @Test
    void productsADeltaCreatedAfterTheExportWasTakenAreNotRetired() {
        // Yesterday's catalog, then a delta of 10 new products dated an hour ago.
        List<ProductRow> yesterday = catalog(1_000, 0);
        upsert("yesterday", yesterday);
        List<ProductRow> created = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            created.add(Products.row("NEW-" + i, secondsAgo(Duration.ofHours(1))));
        }
        upsert("delta", created);
        // The nightly export, taken two hours ago: yesterday's catalog less five discontinued products.
        Instant exportTaken = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MICROS);
        List<ProductRow> export = yesterday.subList(5, yesterday.size());

        IngestSummary s =
                snapshot(server.asyncStub(), "nightly", export, h -> h.setAsOf(Timestamps.toProto(exportTaken)));

        assertThat(s.getState()).isEqualTo(JobState.COMPLETED);
        assertThat(s.getRetired())
                .as("the discontinued products, not the new ones")
                .isEqualTo(5);
        assertThat(Timestamps.toInstant(s.getSnapshotTime())).isEqualTo(exportTaken);
        assertThat(s.getSnapshotTimeFromAsOf()).isTrue();
        assertThat(ProductTable.read(server.jdbi()))
                .containsKeys("NEW-0", "NEW-9")
                .hasSize(1_005);
        assertThat(ProductTable.tombstones(server.jdbi()))
                .hasSize(5)
                .allSatisfy((sku, version) -> assertThat(version).isEqualTo(exportTaken));
    }

    @Test
    void withoutAsOfTheSnapshotSpeaksForItsNewestRowAndSparesWhatIsNewer() {
        List<ProductRow> yesterday = catalog(1_000, 0);
        upsert("yesterday", yesterday);
        upsert("delta", List.of(Products.row("NEW-0", secondsAgo(Duration.ofHours(1)))));

        IngestSummary s = snapshot(server.asyncStub(), "nightly", yesterday.subList(5, yesterday.size()), h -> h);

        assertThat(s.getRetired()).isEqualTo(5);
        assertThat(Timestamps.toInstant(s.getSnapshotTime())).isEqualTo(Timestamps.toInstant(Products.at(0)));
        assertThat(ProductTable.read(server.jdbi())).containsKey("NEW-0");
    }

    @Test
    void aDeltaCommittingWhileTheSnapshotLoadsOrRetiresLosesNothingWrittenAfterTheSnapshotsTime() throws Exception {
        List<ProductRow> stored = catalog(3_000, 0);
        upsert("stored", stored);
        Instant exportTaken = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MICROS);
        // The export carries products 0..1999: the other thousand are the snapshot's to retire, unless written since.
        IngestCall snapshot = IngestCall.open(server.asyncStub(Bearer.ADMIN_TOKEN));
        snapshot.send(snapshotHeader(
                "nightly", h -> h.setAsOf(Timestamps.toProto(exportTaken)).setMaxRetiredShare(0.5)));
        IngestCall.chunks(0, stored.subList(0, 2_000), 500).forEach(snapshot::send);
        Conditions.await(
                "the snapshot's rows commit", () -> job("nightly").getSummary().getCommittedOffset() == 2_000);

        // While it loads: a delta updates 2000..2099 and creates 50 products, all after the export.
        List<ProductRow> whileLoading = new ArrayList<>();
        for (int i = 2_000; i < 2_100; i++) {
            whileLoading.add(stored.get(i).toBuilder()
                    .setStock(1)
                    .setUpdatedAt(Products.at(secondsAgo(Duration.ofMinutes(30))))
                    .build());
        }
        for (int i = 0; i < 50; i++) {
            whileLoading.add(Products.row("NEW-" + i, secondsAgo(Duration.ofMinutes(30))));
        }
        upsert("while-loading", whileLoading);

        // While it retires (ten products a step, in SKU order): a delta updates 2900..2999.
        CompletableFuture<IngestSummary> finished =
                CompletableFuture.supplyAsync(() -> snapshot.finish().summary());
        Conditions.await(
                "the retire has begun", () -> job("nightly").getSummary().getRetired() > 0);
        List<ProductRow> whileRetiring = new ArrayList<>();
        for (int i = 2_900; i < 3_000; i++) {
            whileRetiring.add(stored.get(i).toBuilder()
                    .setStock(2)
                    .setUpdatedAt(Products.at(secondsAgo(Duration.ofMinutes(10))))
                    .build());
        }
        upsert("while-retiring", whileRetiring);
        IngestSummary s = finished.get();

        assertThat(s.getState()).isEqualTo(JobState.COMPLETED);
        Map<String, ProductRow> live = ProductTable.read(server.jdbi());
        for (ProductRow written : whileLoading) {
            assertThat(live).as("written while loading").containsEntry(written.getSku(), written);
        }
        for (ProductRow written : whileRetiring) {
            assertThat(live).as("written while retiring").containsEntry(written.getSku(), written);
        }
        assertThat(ProductTable.tombstones(server.jdbi()))
                .as("only what the export spoke for")
                .containsOnlyKeys(stored.subList(2_100, 2_900).stream()
                        .map(ProductRow::getSku)
                        .toList())
                .allSatisfy((sku, version) -> assertThat(version).isEqualTo(exportTaken));
        assertThat(live).hasSize(2_000 + 100 + 50 + 100);
    }

    @Test
    void aSnapshotWithNoRowAndNoAsOfSpeaksForNoMomentAndRetiresNothing() {
        upsert("stored", catalog(10, 0));

        IngestSummary empty =
                snapshot(server.asyncStub(Bearer.ADMIN_TOKEN), "empty", List.of(), h -> h.setMaxRetiredShare(1.0));
        IngestSummary emptied = snapshot(
                server.asyncStub(Bearer.ADMIN_TOKEN),
                "emptied",
                List.of(),
                h -> h.setMaxRetiredShare(1.0).setAsOf(Timestamps.toProto(Instant.now())));

        assertThat(empty.getState()).isEqualTo(JobState.FAILED);
        assertThat(empty.getError()).contains("speaks for no moment", "as_of");
        assertThat(empty.getRetired()).isZero();
        assertThat(emptied.getState())
                .as("an empty catalog as of now, allowed by an administrator")
                .isEqualTo(JobState.COMPLETED);
        assertThat(emptied.getRetired()).isEqualTo(10);
    }

    @Test
    void anAsOfMoreThanTheFutureSkewAheadOrOnAnUpsertIsRefused() {
        IngestCall.Result future = IngestCall.run(
                server.asyncStub(),
                List.of(snapshotHeader(
                        "future",
                        h -> h.setAsOf(Timestamps.toProto(Instant.now().plus(Duration.ofHours(2)))))));
        IngestCall.Result onUpsert = IngestCall.run(
                server.asyncStub(),
                List.of(IngestRequest.newBuilder()
                        .setHeader(
                                IngestHeader.newBuilder().setJobId("upsert").setAsOf(Timestamps.toProto(Instant.now())))
                        .build()));

        assertThat(future.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(future.status().getDescription())
                .contains("as_of", "is more than 5 minutes ahead of the server's clock");
        assertThat(onUpsert.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(onUpsert.status().getDescription()).contains("as_of are for SNAPSHOT jobs");
    }

    private static long secondsAgo(Duration ago) {
        return Instant.now().minus(ago).getEpochSecond() - Products.BASE_SECONDS;
    }

    private static dev.productingest.v1.Job job(String jobId) {
        return server.blockingStub(Bearer.ADMIN_TOKEN)
                .getJob(GetJobRequest.newBuilder().setJobId(jobId).build());
    }

    private static void upsert(String jobId, List<ProductRow> rows) {
        IngestCall.Result result = IngestCall.load(server.asyncStub(), jobId, rows);
        assertThat(result.ok()).as(result.status().toString()).isTrue();
    }

    private static IngestSummary snapshot(
            ProductIngestGrpc.ProductIngestStub stub,
            String jobId,
            List<ProductRow> rows,
            UnaryOperator<IngestHeader.Builder> header) {
        List<IngestRequest> requests = new ArrayList<>();
        requests.add(snapshotHeader(jobId, header));
        requests.addAll(IngestCall.chunks(0, rows, 500));
        IngestCall.Result result = IngestCall.run(stub, requests);
        assertThat(result.ok()).as(result.status().toString()).isTrue();
        return result.summary();
    }

    private static IngestRequest snapshotHeader(String jobId, UnaryOperator<IngestHeader.Builder> header) {
        return IngestRequest.newBuilder()
                .setHeader(header.apply(IngestHeader.newBuilder()
                        .setJobId(jobId)
                        .setSource("test")
                        .setMode(LoadMode.SNAPSHOT)))
                .build();
    }
}
