package dev.productingest.server.testing;

import com.google.protobuf.Timestamp;
import dev.productingest.v1.FieldGroup;
import dev.productingest.v1.ProductRow;
import java.util.ArrayList;
import java.util.List;

/** Product rows for tests: deterministic, valid unless a test breaks them on purpose. */
public final class Products {
    /** 2024-01-01T00:00:00Z. */
    public static final long BASE_SECONDS = 1_704_067_200L;

    private Products() {}

    public static ProductRow row(String sku, long updatedSecondsAfterBase) {
        return ProductRow.newBuilder()
                .setSku(sku)
                .setName("Product " + sku)
                .setDescription("Description of " + sku)
                .setCategory("category-" + Math.abs(sku.hashCode() % 10))
                .setPriceMinor(100 + Math.abs(sku.hashCode() % 10_000))
                .setCurrency("EUR")
                .setStock(Math.abs(sku.hashCode() % 500))
                .setActive(sku.hashCode() % 7 != 0)
                .setUpdatedAt(at(updatedSecondsAfterBase))
                .putAttributes("colour", "red")
                .build();
    }

    /** A tombstone: the product deleted as of this version. */
    public static ProductRow tombstone(String sku, long updatedSecondsAfterBase) {
        return ProductRow.newBuilder()
                .setSku(sku)
                .setDeleted(true)
                .setUpdatedAt(at(updatedSecondsAfterBase))
                .build();
    }

    /** A stock feed's row: the stock group alone. */
    public static ProductRow stock(String sku, int stock, long updatedSecondsAfterBase) {
        return ProductRow.newBuilder()
                .setSku(sku)
                .addGroups(FieldGroup.STOCK)
                .setStock(stock)
                .setUpdatedAt(at(updatedSecondsAfterBase))
                .build();
    }

    /** A price feed's row: the price group alone. */
    public static ProductRow price(String sku, long priceMinor, String currency, long updatedSecondsAfterBase) {
        return ProductRow.newBuilder()
                .setSku(sku)
                .addGroups(FieldGroup.PRICE)
                .setPriceMinor(priceMinor)
                .setCurrency(currency)
                .setUpdatedAt(at(updatedSecondsAfterBase))
                .build();
    }

    public static Timestamp at(long secondsAfterBase) {
        return Timestamp.newBuilder()
                .setSeconds(BASE_SECONDS + secondsAfterBase)
                .setNanos(123_000)
                .build();
    }

    /** Rows SKU-00000000 .. of count rows, all at the same version time. */
    public static List<ProductRow> catalog(int count, long updatedSecondsAfterBase) {
        List<ProductRow> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(row(sku(i), updatedSecondsAfterBase));
        }
        return rows;
    }

    public static String sku(int i) {
        return String.format("SKU-%08d", i);
    }
}
