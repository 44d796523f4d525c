package dev.productingest.client;

import com.google.protobuf.Timestamp;
import dev.productingest.rules.Money;
import dev.productingest.v1.FieldGroup;
import dev.productingest.v1.ProductRow;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Rows that carry part of a product: a price feed's and a stock feed's rows, and tombstones. Each names the one field
 * group it carries and leaves every other field unset, as the server requires of a partial row; the server versions
 * that group by {@code updatedAt} on its own and keeps the product's other groups as stored. A partial row for a SKU
 * the server has no product for is kept, and the product is readable once its content (a whole row, or one naming
 * {@link FieldGroup#CONTENT}) arrives. Whole products are built as before, with {@link ProductRow#newBuilder()} and no
 * groups.
 *
 * <p>Nothing here is rounded or truncated: a price with more fraction digits than its currency has is refused here, and
 * a time finer than a microsecond is kept for the server to reject. Every method throws
 * {@link IllegalArgumentException} for what it cannot build, so that inside a {@link RowSource#of(java.util.Iterator,
 * java.util.function.Function) RowSource mapper} that item becomes an unreadable row and the load goes on.
 *
 * <pre>{@code
 * client.load(options, () -> RowSource.of(levels.iterator(),
 *         level -> ProductRows.stock(level.sku(), level.onHand(), level.countedAt())));
 * }</pre>
 */
public final class ProductRows {
    private ProductRows() {}

    /**
     * A price feed's row: the price group alone.
     *
     * @param price in major units ({@code 12.50} EUR), converted exactly to the currency's minor units
     * @param currency an ISO 4217 code ({@code EUR}, {@code JPY})
     * @throws IllegalArgumentException for an unknown currency, or a price with more fraction digits than it has
     */
    public static ProductRow price(String sku, BigDecimal price, String currency, Instant updatedAt) {
        return priceMinor(
                sku, Money.toMinorUnits(price.toPlainString(), Money.currency(currency)), currency, updatedAt);
    }

    /**
     * A price feed's row with the amount already in minor units ({@code 1250} for 12.50 EUR).
     *
     * @throws IllegalArgumentException for a negative amount
     */
    public static ProductRow priceMinor(String sku, long priceMinor, String currency, Instant updatedAt) {
        if (priceMinor < 0) {
            throw new IllegalArgumentException("price is negative: " + priceMinor);
        }
        return ProductRow.newBuilder()
                .setSku(sku)
                .addGroups(FieldGroup.PRICE)
                .setPriceMinor(priceMinor)
                .setCurrency(currency)
                .setUpdatedAt(timestamp(updatedAt))
                .build();
    }

    /**
     * A stock feed's row: the stock group alone.
     *
     * @throws IllegalArgumentException for a negative stock
     */
    public static ProductRow stock(String sku, int stock, Instant updatedAt) {
        if (stock < 0) {
            throw new IllegalArgumentException("stock is negative: " + stock);
        }
        return ProductRow.newBuilder()
                .setSku(sku)
                .addGroups(FieldGroup.STOCK)
                .setStock(stock)
                .setUpdatedAt(timestamp(updatedAt))
                .build();
    }

    /**
     * A tombstone: the product is deleted as of {@code deletedAt} (a version of its content, so a newer content brings
     * it back). It names no group; the prices and stock stored for it are kept for when it returns.
     */
    public static ProductRow tombstone(String sku, Instant deletedAt) {
        return ProductRow.newBuilder()
                .setSku(sku)
                .setDeleted(true)
                .setUpdatedAt(timestamp(deletedAt))
                .build();
    }

    /** An instant as the wire's {@code updated_at}, exactly. */
    public static Timestamp timestamp(Instant time) {
        return Timestamp.newBuilder()
                .setSeconds(time.getEpochSecond())
                .setNanos(time.getNano())
                .build();
    }
}
