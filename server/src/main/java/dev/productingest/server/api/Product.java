package dev.productingest.server.api;

import java.time.Instant;
import java.util.Map;

/** A stored product as the REST reads return it; {@code price} is the decimal form of {@code priceMinor}. */
public record Product(String sku, String name, String description, String category, String price, long priceMinor,
        String currency, int stock, boolean active, Map<String, String> attributes, Instant updatedAt) {
}
