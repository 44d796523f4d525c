package dev.productingest.server.store;

import dev.productingest.rules.FieldGroups;
import dev.productingest.v1.ProductRow;
import java.time.Instant;
import java.util.Map;

/**
 * The business fields and the group versions of one product, as stored or as received, comparable by
 * {@link VersionOrder}. {@code updatedAt} is the content's version (a tombstone's, when {@code deleted}),
 * {@code priceUpdatedAt} and {@code stockUpdatedAt} those of the price and stock; each is null where that group never
 * arrived (a received row: where the row does not carry it), and the group's fields then hold their zero values. A
 * stored tombstone keeps the content the product had when it was deleted. A stored version's content fields are null
 * until read, where the locking read left them out (see {@link ProductStore#lockCurrent}).
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
        boolean deleted,
        Instant priceUpdatedAt,
        Instant stockUpdatedAt) {

    /** The versions a received row carries: its {@code updated_at} for each group it names. */
    public static StoredVersion of(ProductRow row) {
        int groups = FieldGroups.of(row);
        Instant at = Timestamps.toInstant(row.getUpdatedAt());
        return new StoredVersion(
                row.getName(),
                row.getDescription(),
                row.getCategory(),
                row.getPriceMinor(),
                row.getCurrency(),
                row.getStock(),
                row.getActive(),
                row.getAttributesMap(),
                row.getDeleted() || FieldGroups.has(groups, FieldGroups.CONTENT) ? at : null,
                row.getDeleted(),
                FieldGroups.has(groups, FieldGroups.PRICE) ? at : null,
                FieldGroups.has(groups, FieldGroups.STOCK) ? at : null);
    }

    /** This version with the stored content, read after its versions. */
    public StoredVersion withContent(
            String name, String description, String category, boolean active, Map<String, String> attributes) {
        return new StoredVersion(
                name,
                description,
                category,
                priceMinor,
                currency,
                stock,
                active,
                attributes,
                updatedAt,
                deleted,
                priceUpdatedAt,
                stockUpdatedAt);
    }

    /** Whether readers see the product: it has content, and no tombstone as new. */
    public boolean readable() {
        return updatedAt != null && !deleted;
    }
}
