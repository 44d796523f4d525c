package dev.productingest.server.ingest.write;

import static dev.productingest.server.testing.Products.price;
import static dev.productingest.server.testing.Products.row;
import static dev.productingest.server.testing.Products.stock;
import static dev.productingest.server.testing.Products.tombstone;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.store.ProductVersions;
import dev.productingest.server.store.StoredVersion;
import dev.productingest.v1.ProductRow;
import org.junit.jupiter.api.Test;

/** One row of a batch against the stored version of its SKU. */
class OutcomeTest {
    private static final ProductRow STORED = row("A", 5);

    @Test
    void aVersionAgainstNothingStoredIsInsertedOrDeleted() {
        assertThat(outcome(null, STORED)).isEqualTo(Outcome.INSERT);
        assertThat(outcome(null, tombstone("A", 5))).isEqualTo(Outcome.DELETE);
    }

    @Test
    void byTimeANewerVersionIsWrittenAndAnOlderOneIsStale() {
        assertThat(outcome(stored(STORED), row("A", 6))).isEqualTo(Outcome.UPDATE);
        assertThat(outcome(stored(STORED), tombstone("A", 6))).isEqualTo(Outcome.DELETE);
        assertThat(outcome(stored(tombstone("A", 5)), row("A", 6)))
                .as("back for readers")
                .isEqualTo(Outcome.INSERT);
        assertThat(outcome(stored(STORED), row("A", 4).toBuilder().setName("Z").build()))
                .isEqualTo(Outcome.STALE);
        assertThat(outcome(stored(tombstone("A", 5)), tombstone("A", 4))).isEqualTo(Outcome.STALE);
    }

    @Test
    void onATieTheGreaterContentIsWrittenTheLesserIsStaleAndTheSameIsUnchanged() {
        assertThat(outcome(
                        stored(STORED), STORED.toBuilder().setName("Product B").build()))
                .isEqualTo(Outcome.UPDATE);
        ProductRow lesser = STORED.toBuilder().setName("Product 0").build();
        assertThat(outcome(stored(STORED), lesser))
                .as("its price and stock are the same version")
                .isEqualTo(Outcome.UNCHANGED);
        assertThat(writes(stored(STORED), lesser).writesAnything()).isFalse();
        assertThat(outcome(merged(STORED, row("A", 6)), lesser)).isEqualTo(Outcome.STALE);
        assertThat(outcome(stored(STORED), STORED)).isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void onATieATombstoneWinsOverALiveVersionAndTwoTombstonesAreUnchanged() {
        assertThat(outcome(stored(STORED), tombstone("A", 5))).isEqualTo(Outcome.DELETE);
        StoredVersion deleted = merged(STORED, tombstone("A", 5));
        assertThat(writes(deleted, STORED).writesAnything())
                .as("a tombstone hides the product until newer content")
                .isFalse();
        assertThat(outcome(deleted, STORED)).as("its price and stock the same").isEqualTo(Outcome.UNCHANGED);
        assertThat(outcome(stored(tombstone("A", 5)), tombstone("A", 5))).isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void aPartialRowForAnUnknownSkuIsKeptAndCountsUpdated() {
        ProductRow stock = stock("A", 7, 5);

        assertThat(outcome(null, stock)).isEqualTo(Outcome.UPDATE);
        assertThat(writes(null, stock)).isEqualTo(new ProductVersions("A", null, null, stock));
    }

    @Test
    void contentForAProductThatHadOnlyAStockIsInserted() {
        StoredVersion stockOnly = stored(stock("A", 7, 9));

        assertThat(outcome(stockOnly, row("A", 1))).isEqualTo(Outcome.INSERT);
        assertThat(writes(stockOnly, row("A", 1)))
                .as("the older row's stock loses to the stored one")
                .isEqualTo(new ProductVersions("A", row("A", 1), row("A", 1), null));
    }

    @Test
    void eachGroupOfARowIsJudgedAgainstItsOwnStoredVersion() {
        StoredVersion priceNewer = merged(STORED, price("A", 1, "EUR", 8));

        ProductRow whole = row("A", 6);
        assertThat(outcome(priceNewer, whole)).isEqualTo(Outcome.UPDATE);
        assertThat(writes(priceNewer, whole)).isEqualTo(new ProductVersions("A", whole, null, whole));
        assertThat(outcome(priceNewer, price("A", 9, "EUR", 7))).isEqualTo(Outcome.STALE);
        assertThat(outcome(priceNewer, stock("A", 9, 4))).isEqualTo(Outcome.STALE);
        assertThat(outcome(priceNewer, stock("A", 9, 6))).isEqualTo(Outcome.UPDATE);
    }

    @Test
    void aRowCountsUnchangedWhenNoGroupIsWrittenAndOneIsTheSameVersion() {
        StoredVersion priceNewer = merged(STORED, price("A", 1, "EUR", 8));

        assertThat(outcome(priceNewer, STORED))
                .as("content the same, price older")
                .isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void pricesAndStocksKeepComingWhileAProductIsDeleted() {
        StoredVersion deleted = merged(STORED, tombstone("A", 7));

        assertThat(outcome(deleted, price("A", 9, "EUR", 6))).isEqualTo(Outcome.UPDATE);
        assertThat(outcome(deleted, stock("A", 9, 4))).isEqualTo(Outcome.STALE);
        assertThat(outcome(deleted, row("A", 6)))
                .as("its stock and price still win")
                .isEqualTo(Outcome.UPDATE);
        assertThat(writes(deleted, row("A", 6)).content())
                .as("but not its content")
                .isNull();
        assertThat(outcome(deleted, row("A", 8))).isEqualTo(Outcome.INSERT);
    }

    @Test
    void onATieOfPriceOrStockTheGreaterValueWins() {
        StoredVersion stored = stored(STORED);
        ProductRow samePrice = price("A", STORED.getPriceMinor(), "EUR", 5);

        assertThat(outcome(stored, samePrice)).isEqualTo(Outcome.UNCHANGED);
        assertThat(outcome(stored, price("A", STORED.getPriceMinor() + 1, "EUR", 5)))
                .isEqualTo(Outcome.UPDATE);
        assertThat(outcome(stored, price("A", STORED.getPriceMinor(), "USD", 5)))
                .as("currency after price")
                .isEqualTo(Outcome.UPDATE);
        assertThat(outcome(stored, price("A", STORED.getPriceMinor(), "CHF", 5)))
                .isEqualTo(Outcome.STALE);
        assertThat(outcome(stored, stock("A", STORED.getStock() + 1, 5))).isEqualTo(Outcome.UPDATE);
        assertThat(outcome(stored, stock("A", STORED.getStock() - 1, 5))).isEqualTo(Outcome.STALE);
    }

    static Outcome outcome(StoredVersion stored, ProductRow row) {
        return new SkuOutcome(SkuRows.of(row), stored).outcome(0);
    }

    private static ProductVersions writes(StoredVersion stored, ProductRow row) {
        return new SkuOutcome(SkuRows.of(row), stored).writes();
    }

    static StoredVersion stored(ProductRow row) {
        return StoredVersion.of(row);
    }

    /** The stored version once {@code row}'s groups were written over {@code base}'s. */
    static StoredVersion merged(ProductRow base, ProductRow row) {
        StoredVersion b = StoredVersion.of(base);
        StoredVersion r = StoredVersion.of(row);
        boolean content = r.updatedAt() != null;
        boolean price = r.priceUpdatedAt() != null;
        boolean stock = r.stockUpdatedAt() != null;
        return new StoredVersion(
                content && !r.deleted() ? r.name() : b.name(),
                content && !r.deleted() ? r.description() : b.description(),
                content && !r.deleted() ? r.category() : b.category(),
                price ? r.priceMinor() : b.priceMinor(),
                price ? r.currency() : b.currency(),
                stock ? r.stock() : b.stock(),
                content && !r.deleted() ? r.active() : b.active(),
                content && !r.deleted() ? r.attributes() : b.attributes(),
                content ? r.updatedAt() : b.updatedAt(),
                content ? r.deleted() : b.deleted(),
                price ? r.priceUpdatedAt() : b.priceUpdatedAt(),
                stock ? r.stockUpdatedAt() : b.stockUpdatedAt());
    }
}
