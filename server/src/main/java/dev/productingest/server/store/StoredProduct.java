package dev.productingest.server.store;

import java.time.Instant;
import java.util.Map;

/** A row of the products table as read: the store's own shape, which the read API renders. */
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
        Instant updatedAt) {}
