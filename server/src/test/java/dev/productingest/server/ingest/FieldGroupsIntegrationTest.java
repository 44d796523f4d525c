package dev.productingest.server.ingest;

import static dev.productingest.server.testing.Products.at;
import static dev.productingest.server.testing.Products.price;
import static dev.productingest.server.testing.Products.row;
import static dev.productingest.server.testing.Products.stock;
import static dev.productingest.server.testing.Products.tombstone;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.productingest.server.store.Timestamps;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.Rest;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.FieldGroup;
import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.LoadMode;
import dev.productingest.v1.ProductRow;
import dev.productingest.v1.RowError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Price and stock feeds end to end: partial rows, a version per field group, and what readers see of them. */
class FieldGroupsIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void aStockFeedChangesOnlyTheStockOfLoadedProducts() {
        load("catalog", row("FEED-A", 1), row("FEED-B", 1));

        IngestSummary feed = load("stock", stock("FEED-A", 7, 2), stock("FEED-B", 9, 0));

        assertThat(feed.getUpdated()).isEqualTo(1);
        assertThat(feed.getStale()).as("older than the stored stock").isEqualTo(1);
        JsonNode a = product("FEED-A");
        assertThat(a.get("stock").asInt()).isEqualTo(7);
        assertThat(a.get("name").asText()).isEqualTo(row("FEED-A", 1).getName());
        assertThat(a.get("priceMinor").asLong()).isEqualTo(row("FEED-A", 1).getPriceMinor());
        assertThat(a.get("versions").get("stock").asText()).isEqualTo(time(2));
        assertThat(a.get("versions").get("content").asText()).isEqualTo(time(1));
        assertThat(a.get("versions").get("price").asText()).isEqualTo(time(1));
        assertThat(a.get("updatedAt").asText()).as("the content's version").isEqualTo(time(1));
        assertThat(product("FEED-B").get("stock").asInt())
                .isEqualTo(row("FEED-B", 1).getStock());
    }

    @Test
    void aPartialRowForAnUnknownSkuIsKeptAndTheProductIsReadableOnceItsContentArrives() {
        IngestSummary early = load("early-price", price("LATE-CONTENT", 500, "EUR", 5));

        assertThat(early.getUpdated()).isEqualTo(1);
        assertThat(Rest.status(server.http() + "/products/LATE-CONTENT")).isEqualTo(404);
        assertThat(Rest.ok(server.http() + "/products?after=LATE&limit=5").get("products"))
                .extracting(p -> p.get("sku").asText())
                .doesNotContain("LATE-CONTENT");

        IngestSummary content = load("content", row("LATE-CONTENT", 3));

        assertThat(content.getInserted()).as("readable now").isEqualTo(1);
        JsonNode p = product("LATE-CONTENT");
        assertThat(p.get("priceMinor").asLong()).as("the newer price stays").isEqualTo(500);
        assertThat(p.get("price").asText()).isEqualTo("5.00");
        assertThat(p.get("versions").get("price").asText()).isEqualTo(time(5));
        assertThat(p.get("stock").asInt()).isEqualTo(row("LATE-CONTENT", 3).getStock());
    }

    @Test
    void aProductWhosePriceAndStockNeverArrivedShowsNone() {
        ProductRow contentOnly = ProductRow.newBuilder()
                .setSku("NO-PRICE")
                .setName("Lamp")
                .addGroups(FieldGroup.CONTENT)
                .setUpdatedAt(at(1))
                .build();

        assertThat(load("content-only", contentOnly).getInserted()).isEqualTo(1);

        JsonNode p = product("NO-PRICE");
        assertThat(p.get("name").asText()).isEqualTo("Lamp");
        assertThat(p.get("price").isNull()).isTrue();
        assertThat(p.get("priceMinor").isNull()).isTrue();
        assertThat(p.get("currency").isNull()).isTrue();
        assertThat(p.get("stock").isNull()).isTrue();
        assertThat(p.get("versions").get("price").isNull()).isTrue();
    }

    @Test
    void aTombstoneHidesTheProductWhilePricesSentMeanwhileAreKeptForItsReturn() {
        load("first", row("RETURNS", 1));
        assertThat(load("delete", tombstone("RETURNS", 5)).getDeleted()).isEqualTo(1);

        IngestSummary meanwhile = load("meanwhile", price("RETURNS", 777, "EUR", 6), stock("RETURNS", 1, 0));
        assertThat(meanwhile.getUpdated()).isEqualTo(1);
        assertThat(meanwhile.getStale()).isEqualTo(1);
        assertThat(Rest.status(server.http() + "/products/RETURNS")).isEqualTo(404);

        ProductRow olderContent =
                row("RETURNS", 4).toBuilder().setName("Back too early").build();
        IngestSummary early = load("early", olderContent);
        assertThat(early.getInserted()).isZero();
        assertThat(Rest.status(server.http() + "/products/RETURNS")).isEqualTo(404);

        ProductRow back = ProductRow.newBuilder()
                .setSku("RETURNS")
                .setName("Back")
                .addGroups(FieldGroup.CONTENT)
                .setUpdatedAt(at(7))
                .build();
        assertThat(load("back", back).getInserted()).isEqualTo(1);
        JsonNode p = product("RETURNS");
        assertThat(p.get("name").asText()).isEqualTo("Back");
        assertThat(p.get("priceMinor").asLong()).isEqualTo(777);
    }

    @Test
    void aSnapshotTakesWholeProductsOnlyAndRejectsAPartialRow() {
        List<IngestRequest> requests = new ArrayList<>();
        requests.add(IngestRequest.newBuilder()
                .setHeader(
                        IngestHeader.newBuilder().setJobId("snapshot-partial").setMode(LoadMode.SNAPSHOT))
                .build());
        requests.add(IngestCall.chunk(0, List.of(row("SNAP-WHOLE", 1), stock("SNAP-STOCK", 3, 1))));

        IngestCall.Result result = IngestCall.run(server.asyncStub(), requests);

        assertThat(result.ok()).as(result.status().toString()).isTrue();
        assertThat(result.summary().getState()).isEqualTo(JobState.COMPLETED);
        assertThat(result.summary().getInserted()).isEqualTo(1);
        assertThat(result.summary().getRejected()).isEqualTo(1);
        RowError reject = rejects("snapshot-partial").get(0);
        assertThat(reject.getOffset()).isEqualTo(1);
        assertThat(reject.getField()).isEqualTo("groups");
        assertThat(reject.getReason()).contains("SNAPSHOT takes whole products", "stock", "UPSERT");
    }

    @Test
    void aSnapshotRetiresTheSameProductsWhetherANewerPriceCameBeforeItOrAfter() {
        // Twenty products per scope, so that retiring one stays within the server's 10% guard.
        upsert("before-catalog", scope("BEFORE", 20));
        upsert("after-catalog", scope("AFTER", 20));

        load("before-price", price("BEFORE-7", 999, "EUR", 20));
        IngestSummary before = snapshotOf("BEFORE", without(scope("BEFORE", 20), "BEFORE-7"));
        IngestSummary after = snapshotOf("AFTER", without(scope("AFTER", 20), "AFTER-7"));
        load("after-price", price("AFTER-7", 999, "EUR", 20));

        assertThat(before.getRetired()).isEqualTo(1);
        assertThat(after.getRetired()).isEqualTo(1);
        assertThat(Rest.status(server.http() + "/products/BEFORE-7")).isEqualTo(404);
        assertThat(Rest.status(server.http() + "/products/AFTER-7")).isEqualTo(404);
    }

    private static List<ProductRow> scope(String prefix, int n) {
        List<ProductRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(row(prefix + "-" + i, 1).toBuilder().setCategory(prefix).build());
        }
        return rows;
    }

    private static List<ProductRow> without(List<ProductRow> rows, String sku) {
        return rows.stream().filter(r -> !r.getSku().equals(sku)).toList();
    }

    private static void upsert(String jobId, List<ProductRow> rows) {
        load(jobId, rows.toArray(new ProductRow[0]));
    }

    private static IngestSummary snapshotOf(String category, List<ProductRow> rows) {
        List<IngestRequest> requests = new ArrayList<>();
        requests.add(IngestRequest.newBuilder()
                .setHeader(IngestHeader.newBuilder()
                        .setJobId("snapshot-" + category)
                        .setMode(LoadMode.SNAPSHOT)
                        .setSnapshotCategory(category)
                        .setAsOf(at(10)))
                .build());
        requests.addAll(IngestCall.chunks(0, rows, 500));
        IngestCall.Result result = IngestCall.run(server.asyncStub(), requests);
        assertThat(result.ok()).as(result.status().toString()).isTrue();
        assertThat(result.summary().getState()).isEqualTo(JobState.COMPLETED);
        return result.summary();
    }

    @Test
    void aFieldOfAGroupTheRowDoesNotNameIsRejectedNotDropped() {
        ProductRow stockWithName =
                stock("NAMED", 3, 1).toBuilder().setName("Mug").build();

        IngestSummary s = load("unnamed-group", stockWithName);

        assertThat(s.getRejected()).isEqualTo(1);
        assertThat(rejects("unnamed-group").get(0).getReason())
                .contains("name belongs to the content group", "add CONTENT");
    }

    private static IngestSummary load(String jobId, ProductRow... rows) {
        IngestCall.Result result = IngestCall.load(server.asyncStub(), jobId, List.of(rows));
        assertThat(result.ok()).as(result.status().toString()).isTrue();
        assertThat(result.summary().getState()).isEqualTo(JobState.COMPLETED);
        return result.summary();
    }

    private static JsonNode product(String sku) {
        return Rest.ok(server.http() + "/products/" + sku);
    }

    private static String time(long secondsAfterBase) {
        return Timestamps.toInstant(at(secondsAfterBase)).toString();
    }

    private static List<RowError> rejects(String jobId) {
        List<RowError> rejects = new ArrayList<>();
        server.blockingStub()
                .listRejects(dev.productingest.v1.ListRejectsRequest.newBuilder()
                        .setJobId(jobId)
                        .build())
                .forEachRemaining(rejects::add);
        return rejects;
    }
}
