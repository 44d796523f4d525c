package dev.productingest.server.ingest.write;

import static dev.productingest.server.testing.Products.row;
import static dev.productingest.server.testing.Products.tombstone;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.ingest.write.BatchUpserter.Outcome;
import dev.productingest.server.store.StoredVersion;
import dev.productingest.v1.ProductRow;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeTest {
    private static final ProductRow STORED = row("A", 5);

    @Test
    void aVersionAgainstNothingStoredIsInsertedOrDeleted() {
        assertThat(Outcome.of(null, STORED)).isEqualTo(Outcome.INSERT);
        assertThat(Outcome.of(null, tombstone("A", 5))).isEqualTo(Outcome.DELETE);
    }

    @Test
    void byTimeANewerVersionIsWrittenAndAnOlderOneIsStale() {
        assertThat(Outcome.of(stored(STORED), row("A", 6))).isEqualTo(Outcome.UPDATE);
        assertThat(Outcome.of(stored(STORED), tombstone("A", 6))).isEqualTo(Outcome.DELETE);
        assertThat(Outcome.of(stored(tombstone("A", 5)), row("A", 6)))
                .as("back for readers")
                .isEqualTo(Outcome.INSERT);
        assertThat(Outcome.of(
                        stored(STORED), row("A", 4).toBuilder().setName("Z").build()))
                .isEqualTo(Outcome.STALE);
        assertThat(Outcome.of(stored(tombstone("A", 5)), tombstone("A", 4))).isEqualTo(Outcome.STALE);
    }

    @Test
    void onATieTheGreaterContentIsWrittenTheLesserIsStaleAndTheSameIsUnchanged() {
        assertThat(Outcome.of(
                        stored(STORED), STORED.toBuilder().setName("Product B").build()))
                .isEqualTo(Outcome.UPDATE);
        assertThat(Outcome.of(
                        stored(STORED), STORED.toBuilder().setName("Product 0").build()))
                .isEqualTo(Outcome.STALE);
        assertThat(Outcome.of(stored(STORED), STORED)).isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void onATieATombstoneWinsOverALiveVersionAndTwoTombstonesAreUnchanged() {
        assertThat(Outcome.of(stored(STORED), tombstone("A", 5))).isEqualTo(Outcome.DELETE);
        assertThat(Outcome.of(stored(tombstone("A", 5)), STORED))
                .as("a tombstone hides the product until newer content")
                .isEqualTo(Outcome.STALE);
        assertThat(Outcome.of(stored(tombstone("A", 5)), tombstone("A", 5))).isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void tiedVersionsStoreTheSameWinnerInEveryArrivalOrder() {
        List<ProductRow> tied = List.of(
                STORED,
                STORED.toBuilder().setName("Product B").build(),
                STORED.toBuilder().setStock(999).build(),
                STORED.toBuilder()
                        .setName("Product B")
                        .putAttributes("size", "L")
                        .build(),
                tombstone("A", 5));
        List<ProductRow> live = tied.subList(0, 4);

        for (List<ProductRow> order : WinnersTest.permutations(tied)) {
            assertThat(storedAfter(order)).as("arrived as %s", order).isEqualTo(stored(tombstone("A", 5)));
        }
        for (List<ProductRow> order : WinnersTest.permutations(live)) {
            assertThat(storedAfter(order)).as("arrived as %s", order).isEqualTo(stored(live.get(3)));
        }
    }

    /** The stored version after each row arrived in a batch of its own. */
    private static StoredVersion storedAfter(List<ProductRow> arrivals) {
        StoredVersion current = null;
        for (ProductRow row : arrivals) {
            Outcome outcome = Outcome.of(current, row);
            if (outcome != Outcome.STALE && outcome != Outcome.UNCHANGED) {
                current = stored(row);
            }
        }
        return current;
    }

    private static StoredVersion stored(ProductRow row) {
        return StoredVersion.of(row);
    }
}
