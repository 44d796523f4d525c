package dev.productingest.server.ingest.write;

import static dev.productingest.server.testing.Products.row;
import static dev.productingest.server.testing.Products.tombstone;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.v1.ProductRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WinnersTest {
    @Test
    void theGreatestUpdatedAtWinsAndTheRestAreSuperseded() {
        ProductRow newest = row("A", 9);
        Winners w = Winners.of(
                List.of(new OffsetRow(0, row("A", 1)), new OffsetRow(1, newest), new OffsetRow(2, row("A", 5))));

        assertThat(w.rows()).containsExactly(newest);
        assertThat(w.superseded()).isEqualTo(2);
    }

    @Test
    void onATieTheGreaterContentWinsInEveryOrder() {
        ProductRow greatest = row("A", 1).toBuilder().setName("Product B").build();
        List<ProductRow> tied = List.of(
                row("A", 1),
                greatest,
                row("A", 1).toBuilder().setStock(999).build(),
                row("A", 1).toBuilder().putAttributes("size", "L").build(),
                row("A", 0).toBuilder().setName("Product Z").build());

        for (List<ProductRow> order : permutations(tied)) {
            Winners w = Winners.of(withOffsets(order));
            assertThat(w.rows()).as("arrived as %s", order).containsExactly(greatest);
            assertThat(w.superseded()).isEqualTo(4);
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
            assertThat(Winners.of(withOffsets(order)).rows())
                    .as("arrived as %s", order)
                    .containsExactly(tombstone);
        }
    }

    @Test
    void theSameVersionTwiceIsKeptOnceAndCountedUnchangedAsInALaterBatch() {
        Winners w = Winners.of(List.of(new OffsetRow(0, row("A", 1)), new OffsetRow(1, row("A", 1))));

        assertThat(w.rows()).containsExactly(row("A", 1));
        assertThat(w.superseded()).isZero();
        assertThat(w.repeats()).isEqualTo(1);
    }

    @Test
    void repeatsOfAVersionThatLosesAreSuperseded() {
        List<ProductRow> rows = List.of(row("A", 1), row("A", 1), row("A", 2), row("A", 2), row("B", 1), row("B", 1));

        for (List<ProductRow> order : permutations(rows)) {
            Winners w = Winners.of(withOffsets(order));
            assertThat(w.superseded()).as("arrived as %s", order).isEqualTo(2);
            assertThat(w.repeats()).as("arrived as %s", order).isEqualTo(2);
        }
    }

    @Test
    void winnersAreSortedBySku() {
        Winners w = Winners.of(
                List.of(new OffsetRow(0, row("C", 0)), new OffsetRow(1, row("A", 0)), new OffsetRow(2, row("B", 0))));

        assertThat(w.skus()).containsExactly("A", "B", "C");
        assertThat(w.superseded()).isZero();
    }

    @Test
    void interleavedVersionsOfSeveralSkusEachKeepTheirNewest() {
        ProductRow newestB = row("B", 8);
        ProductRow newestA = row("A", 7);
        ProductRow onlyC = row("C", 1);
        Winners w = Winners.of(List.of(
                new OffsetRow(0, row("B", 3)),
                new OffsetRow(1, newestA),
                new OffsetRow(2, onlyC),
                new OffsetRow(3, newestB),
                new OffsetRow(4, row("A", 2)),
                new OffsetRow(5, row("B", 5))));

        assertThat(w.rows()).containsExactly(newestA, newestB, onlyC);
        assertThat(w.superseded()).isEqualTo(3);
    }

    private static List<OffsetRow> withOffsets(List<ProductRow> rows) {
        List<OffsetRow> batch = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            batch.add(new OffsetRow(i, rows.get(i)));
        }
        return batch;
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
