package dev.productingest.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.productingest.v1.FieldGroup;
import dev.productingest.v1.ProductRow;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldGroupsTest {

    @Test
    void aRowNamingNoGroupIsAWholeProduct() {
        assertEquals(
                FieldGroups.ALL,
                FieldGroups.of(ProductRow.newBuilder().setSku("A").build()));
    }

    @Test
    void aTombstoneCarriesNoGroup() {
        assertEquals(0, FieldGroups.of(ProductRow.newBuilder().setDeleted(true).build()));
    }

    @Test
    void namedGroupsAreCarriedAndRepeatsCountOnce() {
        ProductRow row = ProductRow.newBuilder()
                .addGroups(FieldGroup.STOCK)
                .addGroups(FieldGroup.PRICE)
                .addGroups(FieldGroup.STOCK)
                .build();
        assertEquals(FieldGroups.PRICE | FieldGroups.STOCK, FieldGroups.of(row));
        assertEquals(List.of(FieldGroup.PRICE, FieldGroup.STOCK), FieldGroups.named(FieldGroups.of(row)));
        assertEquals("price, stock", FieldGroups.describe(FieldGroups.of(row)));
    }

    @Test
    void aWholeProductIsSentNamingNoGroup() {
        assertEquals(List.of(), FieldGroups.named(FieldGroups.ALL));
        assertEquals("content, price, stock", FieldGroups.describe(FieldGroups.ALL));
    }
}
