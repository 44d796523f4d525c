package dev.productingest.client;

import dev.productingest.rules.RowViolation;
import dev.productingest.v1.ProductRow;

/**
 * One row of a source: a product row, or the reason the source could not read it (a price that is no number, say).
 * Unreadable rows keep their place, so offsets stay those of the source.
 */
public record SourceRow(ProductRow row, String sku, RowViolation unreadable) {

    public static SourceRow of(ProductRow row) {
        return new SourceRow(row, row.getSku(), null);
    }

    /** A row the source could not read: it keeps its offset and the server rejects it with this reason. */
    public static SourceRow unreadable(String sku, String field, String reason) {
        return new SourceRow(null, sku, new RowViolation(field, reason));
    }

    /** True for a product row, false for a row the source could not read. */
    public boolean isReadable() {
        return unreadable == null;
    }
}
