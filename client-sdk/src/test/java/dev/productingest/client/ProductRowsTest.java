package dev.productingest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.productingest.rules.FieldGroups;
import dev.productingest.rules.RowValidator;
import dev.productingest.v1.FieldGroup;
import dev.productingest.v1.ProductRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProductRowsTest {
    private static final Instant WHEN = Instant.parse("2024-05-01T12:00:00.123456Z");

    @Test
    void aPriceRowNamesOnlyThePriceGroupInMinorUnitsAndPassesTheServersRules() {
        ProductRow euro = ProductRows.price("MUG", new BigDecimal("12.5"), "EUR", WHEN);
        ProductRow yen = ProductRows.price("TEA", new BigDecimal("1200"), "JPY", WHEN);

        assertThat(euro)
                .isEqualTo(ProductRow.newBuilder()
                        .setSku("MUG")
                        .addGroups(FieldGroup.PRICE)
                        .setPriceMinor(1250)
                        .setCurrency("EUR")
                        .setUpdatedAt(com.google.protobuf.Timestamp.newBuilder()
                                .setSeconds(WHEN.getEpochSecond())
                                .setNanos(123_456_000))
                        .build());
        assertThat(yen.getPriceMinor()).isEqualTo(1200);
        assertThat(FieldGroups.of(euro)).isEqualTo(FieldGroups.PRICE);
        assertThat(RowValidator.validate(euro)).isEmpty();
        assertThat(RowValidator.validate(yen)).isEmpty();
    }

    @Test
    void aStockRowNamesOnlyTheStockGroupAndPassesTheServersRules() {
        ProductRow stock = ProductRows.stock("MUG", 40, WHEN);
        ProductRow soldOut = ProductRows.stock("MUG", 0, WHEN);

        assertThat(stock.getGroupsList()).containsExactly(FieldGroup.STOCK);
        assertThat(stock.getStock()).isEqualTo(40);
        assertThat(stock.getName()).isEmpty();
        assertThat(stock.getCurrency()).isEmpty();
        assertThat(stock.getActive()).isFalse();
        assertThat(RowValidator.validate(stock)).isEmpty();
        assertThat(RowValidator.validate(soldOut)).isEmpty();
    }

    @Test
    void aTombstoneNamesNoGroup() {
        ProductRow tombstone = ProductRows.tombstone("MUG", WHEN);

        assertThat(tombstone.getDeleted()).isTrue();
        assertThat(tombstone.getGroupsList()).isEmpty();
        assertThat(RowValidator.validate(tombstone)).isEmpty();
    }

    @Test
    void whatCannotBeSentExactlyIsRefusedNeverRounded() {
        assertThatThrownBy(() -> ProductRows.price("MUG", new BigDecimal("12.345"), "EUR", WHEN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fraction digits");
        assertThatThrownBy(() -> ProductRows.price("MUG", BigDecimal.ONE, "EURO", WHEN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProductRows.priceMinor("MUG", -1, "EUR", WHEN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("price is negative: -1");
        assertThatThrownBy(() -> ProductRows.stock("MUG", -1, WHEN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stock is negative: -1");
        assertThat(ProductRows.stock("MUG", 1, Instant.ofEpochSecond(0, 1))
                        .getUpdatedAt()
                        .getNanos())
                .as("kept, for the server to reject, not truncated to another version")
                .isEqualTo(1);
    }

    @Test
    void inARowSourceAFeedItemThatCannotBeBuiltIsAnUnreadableRow() {
        record Level(String sku, int onHand) {}
        RowSource source = RowSource.of(
                List.of(new Level("A", 3), new Level("B", -2)).iterator(),
                level -> ProductRows.stock(level.sku(), level.onHand(), WHEN));

        List<SourceRow> rows = new ArrayList<>();
        source.forEachRemaining(rows::add);

        assertThat(rows.get(0).row().getStock()).isEqualTo(3);
        assertThat(rows.get(1).isReadable()).isFalse();
        assertThat(rows.get(1).unreadable().reason()).contains("stock is negative: -2");
    }
}
