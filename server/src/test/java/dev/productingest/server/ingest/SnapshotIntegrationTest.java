package dev.productingest.server.ingest;

import static dev.productingest.server.testing.Products.catalog;
import static dev.productingest.server.testing.Products.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.store.Timestamps;
import dev.productingest.server.testing.Bearer;
import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.Products;
import dev.productingest.server.testing.Rest;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.LoadMode;
import dev.productingest.v1.ProductIngestGrpc;
import dev.productingest.v1.ProductRow;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SNAPSHOT jobs: the whole catalog sent, what it did not carry retired, and the guard against truncated feeds. */
class SnapshotIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(Bearer.adminBesideAnonymous());

    @Test
    void aSnapshotRetiresExactlyTheStoredProductsItDidNotCarry() {
        List<ProductRow> stored = catalog(1_000, 0);
        upsert("yesterday", stored);
        String missingSku = Products.sku(500);
        assertThat(Rest.ok(server.http() + "/products/" + missingSku).get("sku").asText())
                .isEqualTo(missingSku);
        List<ProductRow> tonight = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            if (i % 100 != 0) {
                tonight.add(
                        i % 20 == 1
                                ? stored.get(i).toBuilder()
                                        .setStock(7)
                                        .setUpdatedAt(Products.at(60))
                                        .build()
                                : stored.get(i));
            }
        }

        IngestSummary s = snapshot("tonight", tonight, h -> h);

        assertThat(s.getState()).isEqualTo(JobState.COMPLETED);
        assertThat(s.getReceived()).isEqualTo(990);
        assertThat(s.getUpdated()).isEqualTo(50);
        assertThat(s.getUnchanged()).isEqualTo(940);
        assertThat(s.getRetired()).isEqualTo(10);
        assertThat(ProductTable.read(server.jdbi()).keySet()).isEqualTo(skus(tonight));
        // Without an as_of, the snapshot speaks for the newest row it carried.
        assertThat(Timestamps.toInstant(s.getSnapshotTime())).isEqualTo(Timestamps.toInstant(Products.at(60)));
        assertThat(s.getSnapshotTimeFromAsOf()).isFalse();
        assertThat(ProductTable.tombstones(server.jdbi()))
                .hasSize(10)
                .allSatisfy((sku, version) -> assertThat(version).isEqualTo(Timestamps.toInstant(s.getSnapshotTime())));
        assertThat(Rest.status(server.http() + "/products/" + missingSku))
                .as("dropped from the near cache")
                .isEqualTo(404);
        assertThat(snapshotSkusLeft())
                .as("the job's carried SKUs are forgotten once it ends")
                .isZero();
    }

    @Test
    void aTruncatedFeedIsRefusedAndRetiresNothingUntilAnAdministratorAllowsIt() {
        List<ProductRow> stored = catalog(1_000, 0);
        upsert("full", stored);
        List<ProductRow> truncated = stored.subList(0, 600);

        IngestSummary refused = snapshot("truncated", truncated, h -> h);

        assertThat(refused.getState()).isEqualTo(JobState.FAILED);
        assertThat(refused.getError())
                .contains("400 of the 1000 stored products", "40.0%", "limit of 10.0%", "max_retired_share");
        assertThat(refused.getRetired()).isZero();
        assertThat(ProductTable.read(server.jdbi())).hasSize(1_000);
        assertThat(snapshotSkusLeft()).isZero();

        IngestCall.Result raisedByAProducer = IngestCall.run(
                server.asyncStub(), snapshotRequests("truncated-raised", truncated, h -> h.setMaxRetiredShare(0.4)));
        assertThat(raisedByAProducer.status().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(raisedByAProducer.status().getDescription())
                .contains("max_retired_share 0.4", "guard of 0.1", "admin scope");
        assertThat(ProductTable.read(server.jdbi())).as("nothing retired").hasSize(1_000);

        IngestSummary allowed = snapshot(
                server.asyncStub(Bearer.ADMIN_TOKEN), "truncated-allowed", truncated, h -> h.setMaxRetiredShare(0.4));

        assertThat(allowed.getState()).isEqualTo(JobState.COMPLETED);
        assertThat(allowed.getRetired()).isEqualTo(400);
        assertThat(ProductTable.read(server.jdbi()).keySet()).isEqualTo(skus(truncated));
    }

    @Test
    void aSnapshotResumedAfterABreakRetiresExactlyTheSameProducts() {
        List<ProductRow> stored = catalog(5_000, 0);
        upsert("before", stored);
        List<ProductRow> tonight =
                stored.stream().filter(r -> !r.getSku().endsWith("7")).toList();
        IngestRequest header = snapshotHeader("resumed", h -> h);
        IngestCall call = IngestCall.open(server.asyncStub());
        call.send(header);
        IngestCall.chunks(0, tonight.subList(0, 3_000), 500).forEach(call::send);
        Conditions.await("2,000 rows of the snapshot commit", () -> committed("resumed") >= 2_000);
        call.breakOff();
        long committed = committed("resumed");

        IngestCall.Result resumed = IngestCall.resume(server.asyncStub(), header, tonight, committed);

        assertThat(resumed.status().isOk()).as(resumed.status().toString()).isTrue();
        assertThat(resumed.summary().getState()).isEqualTo(JobState.COMPLETED);
        assertThat(resumed.summary().getUnchanged()).isEqualTo(tonight.size());
        assertThat(resumed.summary().getRetired()).isEqualTo(500);
        assertThat(ProductTable.read(server.jdbi()).keySet()).isEqualTo(skus(tonight));
    }

    @Test
    void aScopedSnapshotRetiresOnlyInItsCategory() {
        List<ProductRow> stored = catalog(1_000, 0);
        upsert("all", stored);
        String category = stored.get(0).getCategory();
        List<ProductRow> inCategory =
                stored.stream().filter(r -> r.getCategory().equals(category)).toList();
        List<ProductRow> sent = inCategory.subList(1, inCategory.size());

        IngestSummary s = snapshot("one-category", sent, h -> h.setSnapshotCategory(category));

        assertThat(s.getRetired()).isEqualTo(1);
        assertThat(ProductTable.tombstones(server.jdbi()))
                .containsOnlyKeys(inCategory.get(0).getSku());
        assertThat(ProductTable.read(server.jdbi())).hasSize(999);
    }

    @Test
    void aStoredVersionNewerThanTheSnapshotIsNotRetired() {
        List<ProductRow> stored = catalog(100, 0);
        upsert("stored", stored);
        // A version newer than the snapshot's time (the newest updated_at it carries): a tombstone at that
        // time would lose to it. Stamped a minute ago, not in the future, which the server refuses.
        long aMinuteAgo = System.currentTimeMillis() / 1000 - Products.BASE_SECONDS - 60;
        upsert("ahead", List.of(row("AHEAD", aMinuteAgo)));

        IngestSummary s = snapshot("nightly", stored, h -> h);

        assertThat(s.getRetired()).isZero();
        assertThat(ProductTable.read(server.jdbi())).containsKey("AHEAD");
    }

    @Test
    void snapshotSettingsOnAnUpsertJobOrAShareOutsideZeroToOneAreRefused() {
        IngestCall.Result scopeOnUpsert = IngestCall.run(
                server.asyncStub(),
                List.of(IngestRequest.newBuilder()
                        .setHeader(IngestHeader.newBuilder()
                                .setJobId("upsert-scope")
                                .setSnapshotCategory("mugs"))
                        .build()));
        IngestCall.Result badShare = IngestCall.run(
                server.asyncStub(), List.of(snapshotHeader("bad-share", h -> h.setMaxRetiredShare(1.5))));

        assertThat(scopeOnUpsert.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(scopeOnUpsert.status().getDescription()).contains("snapshot_category", "SNAPSHOT");
        assertThat(badShare.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(badShare.status().getDescription()).contains("max_retired_share is 1.5");
    }

    private static void upsert(String jobId, List<ProductRow> rows) {
        IngestCall.Result result = IngestCall.load(server.asyncStub(), jobId, rows);
        assertThat(result.ok()).as(result.status().toString()).isTrue();
    }

    private static IngestSummary snapshot(
            String jobId, List<ProductRow> rows, UnaryOperator<IngestHeader.Builder> header) {
        return snapshot(server.asyncStub(), jobId, rows, header);
    }

    private static IngestSummary snapshot(
            ProductIngestGrpc.ProductIngestStub stub,
            String jobId,
            List<ProductRow> rows,
            UnaryOperator<IngestHeader.Builder> header) {
        IngestCall.Result result = IngestCall.run(stub, snapshotRequests(jobId, rows, header));
        assertThat(result.ok()).as(result.status().toString()).isTrue();
        return result.summary();
    }

    private static List<IngestRequest> snapshotRequests(
            String jobId, List<ProductRow> rows, UnaryOperator<IngestHeader.Builder> header) {
        List<IngestRequest> requests = new ArrayList<>();
        requests.add(snapshotHeader(jobId, header));
        requests.addAll(IngestCall.chunks(0, rows, 500));
        return requests;
    }

    private static IngestRequest snapshotHeader(String jobId, UnaryOperator<IngestHeader.Builder> header) {
        return IngestRequest.newBuilder()
                .setHeader(header.apply(IngestHeader.newBuilder()
                        .setJobId(jobId)
                        .setSource("test")
                        .setMode(LoadMode.SNAPSHOT)))
                .build();
    }

    private static long committed(String jobId) {
        return server.blockingStub()
                .getJob(GetJobRequest.newBuilder().setJobId(jobId).build())
                .getSummary()
                .getCommittedOffset();
    }

    private static Set<String> skus(List<ProductRow> rows) {
        return rows.stream().map(ProductRow::getSku).collect(Collectors.toSet());
    }

    private static long snapshotSkusLeft() {
        return ProductTable.count(server.jdbi(), "SELECT count(*) FROM snapshot_skus");
    }
}
