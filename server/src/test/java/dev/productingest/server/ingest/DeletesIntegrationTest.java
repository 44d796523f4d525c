package dev.productingest.server.ingest;

import static dev.productingest.server.testing.Products.at;
import static dev.productingest.server.testing.Products.row;
import static dev.productingest.server.testing.Products.tombstone;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.store.Timestamps;
import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.Rest;
import dev.productingest.server.testing.ServerPair;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tombstones, end to end over two servers: the same winner rule as any version, and reads that leave deleted products
 * out.
 */
class DeletesIntegrationTest {
    @RegisterExtension
    static final ServerPair servers = ServerPair.perClass();

    static final TestServer a = servers.a();
    static final TestServer b = servers.b();

    @Test
    void aTombstoneDeletesAStoredProductForEveryReader() {
        load(a, "first", row("MUG", 1), row("CUP", 1));
        assertThat(Rest.ok(b.http() + "/products/MUG").get("sku").asText()).isEqualTo("MUG");
        assertThat(Rest.ok(b.http() + "/products/MUG").get("sku").asText())
                .as("now in B's near cache")
                .isEqualTo("MUG");

        IngestSummary s = load(a, "delete", tombstone("MUG", 2));

        assertThat(s.getDeleted()).isEqualTo(1);
        assertThat(s.getReceived()).isEqualTo(1);
        assertThat(s.getInserted() + s.getUpdated() + s.getUnchanged() + s.getStale() + s.getRejected())
                .isZero();
        // B drops its cached copy as the commit's message reaches it, a moment after the summary.
        Conditions.await("B's cached copy is dropped", () -> Rest.status(b.http() + "/products/MUG") == 404);
        assertThat(Rest.status(a.http() + "/products/MUG")).isEqualTo(404);
        assertThat(Rest.ok(a.http() + "/products").get("products"))
                .extracting(item -> item.get("sku").asText())
                .containsExactly("CUP");
        assertThat(ProductTable.read(a.jdbi())).containsOnlyKeys("CUP");
        assertThat(ProductTable.tombstones(a.jdbi())).containsEntry("MUG", Timestamps.toInstant(at(2)));
    }

    @Test
    void aLateOlderVersionCannotBringADeletedProductBackAndANewerOneDoes() {
        load(a, "first", row("LAMP", 1));
        load(a, "delete", tombstone("LAMP", 5));

        IngestSummary late = load(b, "late-older", row("LAMP", 3));
        assertThat(late.getUpdated())
                .as("its price and stock are newer than the stored ones; its content is not")
                .isEqualTo(1);
        assertThat(late.getInserted()).isZero();
        assertThat(ProductTable.read(a.jdbi())).doesNotContainKey("LAMP");

        ProductRow back = row("LAMP", 7).toBuilder().setName("Lamp, again").build();
        IngestSummary newer = load(b, "newer", back);
        assertThat(newer.getInserted()).as("back for readers: inserted").isEqualTo(1);
        assertThat(ProductTable.read(a.jdbi())).containsEntry("LAMP", back);
        assertThat(Rest.ok(a.http() + "/products/LAMP").get("name").asText()).isEqualTo("Lamp, again");
    }

    @Test
    void anOlderTombstoneLosesToTheStoredVersionAndAnEqualOneChangesNothing() {
        load(a, "first", row("DESK", 5));
        IngestSummary older = load(b, "older-tombstone", tombstone("DESK", 4));
        assertThat(older.getStale()).isEqualTo(1);
        assertThat(ProductTable.read(a.jdbi())).containsKey("DESK");

        load(a, "delete", tombstone("DESK", 6));
        IngestSummary again = load(b, "same-tombstone", tombstone("DESK", 6));
        assertThat(again.getUnchanged()).isEqualTo(1);
        assertThat(again.getDeleted()).isZero();
    }

    @Test
    void aTombstoneForAnUnknownSkuStillStopsItsOlderVersions() {
        IngestSummary first = load(a, "unknown", tombstone("GHOST", 10));
        assertThat(first.getDeleted()).isEqualTo(1);

        IngestSummary older = load(b, "older", row("GHOST", 9));

        assertThat(older.getUpdated())
                .as("its price and stock are kept, for the product's return")
                .isEqualTo(1);
        assertThat(older.getInserted()).isZero();
        assertThat(load(b, "older-again", row("GHOST", 9)).getUnchanged()).isEqualTo(1);
        assertThat(load(b, "oldest", row("GHOST", 8)).getStale()).isEqualTo(1);
        assertThat(ProductTable.read(a.jdbi())).isEmpty();
        assertThat(Rest.status(a.http() + "/products/GHOST")).isEqualTo(404);
    }

    @Test
    void withinOneBatchTheNewestVersionWinsWhetherItIsATombstoneOrNot() {
        load(a, "first", row("A", 1), row("B", 1));

        IngestSummary s = load(
                a,
                "mixed",
                tombstone("A", 3),
                row("A", 2), // deleted: the tombstone is newest (the row's price and stock are kept)
                tombstone("B", 2),
                row("B", 3), // kept: the upsert is newest
                tombstone("C", 1),
                row("C", 1)); // the same updated_at: the tombstone wins, though it came first

        assertThat(s.getDeleted()).isEqualTo(2);
        assertThat(s.getUpdated())
                .as("B, and the price and stock of A and C, newer than any stored")
                .isEqualTo(3);
        assertThat(s.getStale()).isEqualTo(1);
        assertThat(ProductTable.read(a.jdbi())).containsOnlyKeys("B");
        assertThat(ProductTable.tombstones(a.jdbi())).containsOnlyKeys("A", "C");
        assertThat(Rest.ok(a.http() + "/stats").get("products").asLong()).isEqualTo(1);
    }

    private static IngestSummary load(TestServer server, String jobId, ProductRow... rows) {
        IngestCall.Result result = IngestCall.load(server.asyncStub(), jobId, List.of(rows));
        assertThat(result.ok()).as(result.status().toString()).isTrue();
        assertThat(result.summary().getState()).isEqualTo(JobState.COMPLETED);
        return result.summary();
    }
}
