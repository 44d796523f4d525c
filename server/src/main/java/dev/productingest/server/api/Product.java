package dev.productingest.server.api;

import dev.productingest.rules.Money;
import dev.productingest.server.store.StoredProduct;
import java.time.Instant;
import java.util.Map;

/**
 * A stored product as the REST reads return it; {@code price} is the decimal form of {@code priceMinor}. The price
 * fields are null until a price arrives, {@code stock} until a stock does (a product's content may come before them).
 * {@code updatedAt} is the content's version; {@code versions} has each field group's.
 */
public record Product(
        String sku,
        String name,
        String description,
        String category,
        String price,
        Long priceMinor,
        String currency,
        Integer stock,
        boolean active,
        Map<String, String> attributes,
        Instant updatedAt,
        Versions versions) {

    /** The version of each field group: null for a group that never arrived. */
    public record Versions(Instant content, Instant price, Instant stock) {}

    public static Product of(StoredProduct p) {
        boolean priced = p.priceUpdatedAt() != null;
        return new Product(
                p.sku(),
                p.name(),
                p.description(),
                p.category(),
                priced ? Money.toDecimal(p.priceMinor(), Money.currency(p.currency())) : null,
                priced ? p.priceMinor() : null,
                priced ? p.currency() : null,
                p.stockUpdatedAt() != null ? p.stock() : null,
                p.active(),
                p.attributes(),
                p.updatedAt(),
                new Versions(p.updatedAt(), p.priceUpdatedAt(), p.stockUpdatedAt()));
    }
}
