package dev.productingest.server.testing;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A product as the table holds it, field group by field group, each with its version: what a reference model of the
 * winner rule predicts and {@link ProductTable#stored} reads back. A price or stock that never arrived is null.
 */
public record StoredProduct(Content content, Price price, Stock stock) {

    /** The content group: never arrived, hidden by a tombstone, or live (the product readers see). */
    public sealed interface Content permits NoContent, Deleted, Live {}

    /** Only price or stock arrived: the product is kept but not readable. */
    public record NoContent() implements Content {}

    /** The newest content version is a tombstone, of this time. */
    public record Deleted(Instant at) implements Content {}

    public record Live(
            String name,
            String description,
            String category,
            boolean active,
            Map<String, String> attributes,
            Instant at)
            implements Content {
        public Live {
            // Sorted, so that a difference reads the same on both sides.
            attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
        }
    }

    public record Price(long minor, String currency, Instant at) {}

    public record Stock(int units, Instant at) {}

    public boolean readable() {
        return content instanceof Live;
    }

    public boolean deleted() {
        return content instanceof Deleted;
    }
}
