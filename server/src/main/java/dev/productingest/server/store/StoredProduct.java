package dev.productingest.server.store;

import java.time.Instant;
import java.util.Map;

/**
 * A readable row of the products table: the store's own shape, which the read API renders. {@code updatedAt} is the
 * content's version; {@code priceUpdatedAt} and {@code stockUpdatedAt} are null where that group never arrived (its
 * fields then hold zero values, not a price or a stock).
 */
public record StoredProduct(
        String sku,
        String name,
        String description,
        String category,
        long priceMinor,
        String currency,
        int stock,
        boolean active,
        Map<String, String> attributes,
        Instant updatedAt,
        Instant priceUpdatedAt,
        Instant stockUpdatedAt) {}
