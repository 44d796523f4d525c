package dev.productingest.server.store;

import dev.productingest.v1.ProductRow;
import java.time.Instant;
import java.util.Map;

/**
 * The business fields of one product version, as stored or as received, comparable for equality. A stored tombstone
 * ({@code deleted}) keeps the fields the product had when it was deleted.
 */
public record StoredVersion(
        String name,
        String description,
        String category,
        long priceMinor,
        String currency,
        int stock,
        boolean active,
        Map<String, String> attributes,
        Instant updatedAt,
        boolean deleted) {

    public static StoredVersion of(ProductRow row) {
        return new StoredVersion(
                row.getName(),
                row.getDescription(),
                row.getCategory(),
                row.getPriceMinor(),
                row.getCurrency(),
                row.getStock(),
                row.getActive(),
                row.getAttributesMap(),
                Timestamps.toInstant(row.getUpdatedAt()),
                row.getDeleted());
    }
}
