package dev.productingest.server.api;

import dev.productingest.rules.Money;
import dev.productingest.server.store.StoredProduct;
import java.time.Instant;
import java.util.Map;

/** A stored product as the REST reads return it; {@code price} is the decimal form of {@code priceMinor}. */
public record Product(
        String sku,
        String name,
        String description,
        String category,
        String price,
        long priceMinor,
        String currency,
        int stock,
        boolean active,
        Map<String, String> attributes,
        Instant updatedAt) {

    public static Product of(StoredProduct p) {
        return new Product(
                p.sku(),
                p.name(),
                p.description(),
                p.category(),
                Money.toDecimal(p.priceMinor(), Money.currency(p.currency())),
                p.priceMinor(),
                p.currency(),
                p.stock(),
                p.active(),
                p.attributes(),
                p.updatedAt());
    }
}
