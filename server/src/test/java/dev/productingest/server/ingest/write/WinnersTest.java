package dev.productingest.server.ingest.write;

import static dev.productingest.server.testing.Products.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.v1.ProductRow;
import java.util.List;
import org.junit.jupiter.api.Test;

class WinnersTest {
    @Test
    void theGreatestUpdatedAtWinsAndTheRestAreSuperseded() {
        ProductRow newest = row("A", 9);
        Winners w = Winners.of(List.of(new OffsetRow(0, row("A", 1)), new OffsetRow(1, newest), new OffsetRow(2, row("A", 5))));

        assertThat(w.rows()).containsExactly(newest);
        assertThat(w.superseded()).isEqualTo(2);
    }

    @Test
    void onATieTheLaterOffsetWins() {
        ProductRow later = row("A", 1).toBuilder().setStock(42).build();
        Winners w = Winners.of(List.of(new OffsetRow(7, later), new OffsetRow(3, row("A", 1))));

        assertThat(w.rows()).containsExactly(later);
    }

    @Test
    void winnersAreSortedBySku() {
        Winners w = Winners.of(List.of(new OffsetRow(0, row("C", 0)), new OffsetRow(1, row("A", 0)), new OffsetRow(2, row("B", 0))));

        assertThat(w.skus()).containsExactly("A", "B", "C");
        assertThat(w.superseded()).isZero();
    }

    @Test
    void interleavedVersionsOfSeveralSkusEachKeepTheirNewest() {
        ProductRow newestB = row("B", 8);
        ProductRow newestA = row("A", 7);
        ProductRow onlyC = row("C", 1);
        Winners w = Winners.of(List.of(new OffsetRow(0, row("B", 3)), new OffsetRow(1, newestA), new OffsetRow(2, onlyC),
                new OffsetRow(3, newestB), new OffsetRow(4, row("A", 2)), new OffsetRow(5, row("B", 5))));

        assertThat(w.rows()).containsExactly(newestA, newestB, onlyC);
        assertThat(w.superseded()).isEqualTo(3);
    }
}
