package dev.productingest.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.v1.ProductRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowSourceTest {
    record Item(String code, String name) {}

    @Test
    void aMapperTurnsTheCallersTypesIntoRowsAndItsRefusalsIntoUnreadableRows() {
        List<Item> items = List.of(new Item("A-1", "Mug"), new Item("", "no code"), new Item("B-2", "Pen"));
        RowSource source = RowSource.of(items.iterator(), item -> {
            if (item.code().isEmpty()) {
                throw new IllegalArgumentException("an item needs a code");
            }
            return ProductRow.newBuilder()
                    .setSku(item.code())
                    .setName(item.name())
                    .build();
        });

        List<SourceRow> rows = new ArrayList<>();
        source.forEachRemaining(rows::add);

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).row().getSku()).isEqualTo("A-1");
        assertThat(rows.get(1).isReadable()).isFalse();
        assertThat(rows.get(1).unreadable().reason())
                .contains("an item needs a code")
                .contains("no code");
        assertThat(rows.get(2).row().getName()).isEqualTo("Pen");
    }
}
