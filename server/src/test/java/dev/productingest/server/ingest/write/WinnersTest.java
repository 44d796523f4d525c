package dev.productingest.server.ingest.write;

import static dev.productingest.server.testing.Products.price;
import static dev.productingest.server.testing.Products.row;
import static dev.productingest.server.testing.Products.stock;
import static dev.productingest.server.testing.Products.tombstone;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.store.ProductVersions;
import dev.productingest.server.store.StoredVersion;
import dev.productingest.v1.ProductRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several versions of one SKU in one batch. */
class WinnersTest {
    @Test
    void theGreatestUpdatedAtWinsAndTheRestAreStale() {
        ProductRow newest = row("A", 9);
        List<ProductRow> rows = List.of(row("A", 1), newest, row("A", 5));

        assertThat(outcomes(null, rows)).containsExactly(Outcome.STALE, Outcome.INSERT, Outcome.STALE);
        assertThat(writes(null, rows)).isEqualTo(new ProductVersions("A", newest, newest, newest));
    }

    @Test
    void onATieTheGreaterContentWinsInEveryOrder() {
        ProductRow greatest = row("A", 1).toBuilder().setName("Product B").build();
        List<ProductRow> tied = List.of(
                row("A", 1),
                greatest,
                row("A", 1).toBuilder()
                        .setActive(!greatest.getActive())
                        .setName("Product A")
                        .build(),
                row("A", 1).toBuilder().putAttributes("size", "L").build(),
                row("A", 0).toBuilder().setName("Product Z").build());

        for (List<ProductRow> order : permutations(tied)) {
            assertThat(writes(null, order).content()).as("arrived as %s", order).isEqualTo(greatest);
            assertThat(outcomes(null, order).stream()
                            .filter(o -> o == Outcome.INSERT)
                            .count())
                    .isEqualTo(1);
        }
    }

    @Test
    void onATieATombstoneWinsInEveryOrder() {
        ProductRow tombstone = tombstone("A", 1);
        List<ProductRow> tied = List.of(
                row("A", 1),
                tombstone,
                row("A", 1).toBuilder().setName("Product Z").build(),
                row("A", 0));

        for (List<ProductRow> order : permutations(tied)) {
            assertThat(writes(null, order).content()).as("arrived as %s", order).isEqualTo(tombstone);
        }
    }

    @Test
    void theSameVersionTwiceIsWrittenOnceAndCountedUnchangedAsInALaterBatch() {
        assertThat(outcomes(null, List.of(row("A", 1), row("A", 1))))
                .containsExactly(Outcome.INSERT, Outcome.UNCHANGED);
    }

    @Test
    void repeatsOfAVersionThatLosesAreStale() {
        List<ProductRow> rows = List.of(row("A", 1), row("A", 1), row("A", 2), row("A", 2));

        for (List<ProductRow> order : permutations(rows)) {
            assertThat(outcomes(null, order))
                    .as("arrived as %s", order)
                    .containsExactlyInAnyOrder(Outcome.STALE, Outcome.STALE, Outcome.INSERT, Outcome.UNCHANGED);
        }
    }

    @Test
    void repeatsOfAStaleVersionAreStaleAsInALaterBatch() {
        assertThat(outcomes(StoredVersion.of(row("A", 5)), List.of(row("A", 1), row("A", 1))))
                .containsExactly(Outcome.STALE, Outcome.STALE);
    }

    @Test
    void eachGroupIsWonByItsOwnGreatestVersion() {
        ProductRow whole = row("A", 1);
        ProductRow newerStock = stock("A", 3, 2);
        ProductRow olderPrice = price("A", 5, "EUR", 0);
        List<ProductRow> rows = List.of(whole, newerStock, olderPrice);

        for (List<ProductRow> order : permutations(rows)) {
            assertThat(writes(null, order)).isEqualTo(new ProductVersions("A", whole, whole, newerStock));
        }
        assertThat(outcomes(null, rows)).containsExactly(Outcome.INSERT, Outcome.UPDATE, Outcome.STALE);
    }

    @Test
    void whichOfTwoRowsOfOneVersionWritesItDoesNotDependOnTheirOrder() {
        ProductRow lowStock = row("A", 1).toBuilder().setStock(5).build();
        ProductRow highStock = row("A", 1).toBuilder().setStock(6).build();
        ProductRow contentOnly = ProductRow.newBuilder()
                .setSku("A")
                .setName(lowStock.getName())
                .setDescription(lowStock.getDescription())
                .setCategory(lowStock.getCategory())
                .setActive(lowStock.getActive())
                .putAllAttributes(lowStock.getAttributesMap())
                .addGroups(dev.productingest.v1.FieldGroup.CONTENT)
                .setUpdatedAt(lowStock.getUpdatedAt())
                .build();
        List<ProductRow> rows = List.of(lowStock, highStock, contentOnly);

        for (List<ProductRow> order : permutations(rows)) {
            List<Outcome> outcomes = outcomes(null, order);
            assertThat(outcomes.get(order.indexOf(highStock)))
                    .as("arrived as %s", order)
                    .isEqualTo(Outcome.INSERT);
            assertThat(outcomes.get(order.indexOf(lowStock))).isEqualTo(Outcome.UNCHANGED);
            assertThat(outcomes.get(order.indexOf(contentOnly))).isEqualTo(Outcome.UNCHANGED);
        }
    }

    @Test
    void skusAreSortedAndEachKeepsItsRows() {
        Winners w = Winners.of(List.of(
                new OffsetRow(0, row("C", 0)),
                new OffsetRow(1, row("A", 0)),
                new OffsetRow(2, row("B", 3)),
                new OffsetRow(3, row("A", 2))));

        assertThat(w.skuNames()).containsExactly("A", "B", "C");
        assertThat(w.skus().get(0).rows()).containsExactly(row("A", 0), row("A", 2));
        assertThat(w.newest())
                .isEqualTo(dev.productingest.server.store.Timestamps.toInstant(
                        row("B", 3).getUpdatedAt()));
    }

    private static List<Outcome> outcomes(StoredVersion stored, List<ProductRow> rows) {
        SkuOutcome outcome = new SkuOutcome(SkuRows.of(rows), stored);
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            outcomes.add(outcome.outcome(i));
        }
        return outcomes;
    }

    private static ProductVersions writes(StoredVersion stored, List<ProductRow> rows) {
        return new SkuOutcome(SkuRows.of(rows), stored).writes();
    }

    static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T first = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> order = new ArrayList<>(List.of(first));
                order.addAll(tail);
                all.add(order);
            }
        }
        return all;
    }
}
