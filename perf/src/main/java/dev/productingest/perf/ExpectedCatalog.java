package dev.productingest.perf;

import com.google.protobuf.Timestamp;
import dev.productingest.v1.ProductRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/**
 * The products table the soak's loads must leave, kept load by load, and the counts each load must end with. Only the
 * cases the service's contract decides plainly are allowed (a new SKU, a newer version that changes the product, the
 * stored version sent again, a tombstone over a live product, a product sent again after its tombstone): a load planned
 * outside them is a mistake of the soak, refused here rather than guessed at.
 */
final class ExpectedCatalog {
    // A tombstone is the row that deleted the product: deleted set, its version in updated_at.
    private final Map<String, ProductRow> stored = new ConcurrentHashMap<>();

    /** The product (or tombstone) stored under this SKU, or null. */
    ProductRow stored(String sku) {
        return stored.get(sku);
    }

    /** The counts an upsert load of these rows (one per SKU) must end with; the catalog then holds them. */
    synchronized JobCounts load(List<ProductRow> rows) {
        long inserted = 0;
        long updated = 0;
        long unchanged = 0;
        long deleted = 0;
        for (ProductRow row : rows) {
            ProductRow before = stored.get(row.getSku());
            Outcome outcome = outcome(before, row);
            switch (outcome) {
                case INSERTED -> inserted++;
                case UPDATED -> updated++;
                case UNCHANGED -> unchanged++;
                case DELETED -> deleted++;
            }
            stored.put(row.getSku(), row);
        }
        return new JobCounts(rows.size(), inserted, updated, unchanged, 0, deleted, 0, 0);
    }

    /**
     * The counts a snapshot of {@code category} as of {@code asOf} must end with: a load of its rows, then every live
     * product of the category it did not carry, no newer than {@code asOf}, retired (a tombstone versioned at
     * {@code asOf}).
     */
    synchronized JobCounts snapshot(List<ProductRow> rows, String category, Instant asOf) {
        JobCounts loaded = load(rows);
        Set<String> carried = new HashSet<>();
        rows.forEach(r -> carried.add(r.getSku()));
        long retired = 0;
        for (ProductRow product : List.copyOf(stored.values())) {
            if (!product.getDeleted()
                    && product.getCategory().equals(category)
                    && !carried.contains(product.getSku())
                    && !instant(product.getUpdatedAt()).isAfter(asOf)) {
                stored.put(product.getSku(), tombstone(product.getSku(), asOf));
                retired++;
            }
        }
        return loaded.withRetired(retired);
    }

    static ProductRow tombstone(String sku, Instant at) {
        return ProductRow.newBuilder()
                .setSku(sku)
                .setDeleted(true)
                .setUpdatedAt(timestamp(at))
                .build();
    }

    static Timestamp timestamp(Instant at) {
        return Timestamp.newBuilder()
                .setSeconds(at.getEpochSecond())
                .setNanos(at.getNano())
                .build();
    }

    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    private enum Outcome {
        INSERTED,
        UPDATED,
        UNCHANGED,
        DELETED
    }

    private static Outcome outcome(ProductRow before, ProductRow row) {
        if (before == null) {
            return row.getDeleted() ? Outcome.DELETED : Outcome.INSERTED;
        }
        if (row.equals(before) && !row.getDeleted()) {
            return Outcome.UNCHANGED;
        }
        int order = instant(row.getUpdatedAt()).compareTo(instant(before.getUpdatedAt()));
        if (order <= 0) {
            throw new IllegalArgumentException(
                    row.getSku() + ": the soak plans no stale row, no tie and no tombstone sent again");
        }
        if (row.getDeleted()) {
            if (before.getDeleted()) {
                throw new IllegalArgumentException(row.getSku() + ": the soak plans no tombstone over a tombstone");
            }
            return Outcome.DELETED;
        }
        if (before.getDeleted()) {
            return Outcome.INSERTED;
        }
        if (row.toBuilder().setUpdatedAt(before.getUpdatedAt()).build().equals(before)) {
            throw new IllegalArgumentException(row.getSku() + ": the soak plans no newer version that changes nothing");
        }
        return Outcome.UPDATED;
    }

    /**
     * How the products table differs from this catalog: SKUs missing or extra, live products whose fields differ,
     * tombstones that are live or the reverse. Empty when the table is exact.
     */
    List<String> differences(Jdbi jdbi) {
        Map<String, ProductRow> expected = new TreeMap<>(stored);
        List<String> found = new ArrayList<>();
        jdbi.useHandle(h -> h.createQuery(
                        "SELECT sku, name, description, category, price_minor, currency, stock, active, updated_at,"
                                + " deleted_at IS NOT NULL AS deleted FROM products")
                .map((rs, ctx) -> {
                    String sku = rs.getString("sku");
                    ProductRow want = expected.remove(sku);
                    boolean deleted = rs.getBoolean("deleted");
                    if (want == null) {
                        found.add(sku + ": in the table, not in the catalog");
                    } else if (want.getDeleted() != deleted) {
                        found.add(sku + (deleted ? ": deleted, expected live" : ": live, expected deleted"));
                    } else if (!deleted) {
                        Instant updatedAt = rs.getTimestamp("updated_at").toInstant();
                        boolean same = want.getName().equals(rs.getString("name"))
                                && want.getDescription()
                                        .equals(Objects.requireNonNullElse(rs.getString("description"), ""))
                                && want.getCategory().equals(rs.getString("category"))
                                && want.getPriceMinor() == rs.getLong("price_minor")
                                && want.getCurrency().equals(rs.getString("currency"))
                                && want.getStock() == rs.getInt("stock")
                                && want.getActive() == rs.getBoolean("active")
                                && instant(want.getUpdatedAt()).equals(updatedAt);
                        if (!same) {
                            found.add(sku + ": stored " + rs.getString("name") + " at " + rs.getLong("price_minor")
                                    + " as of " + updatedAt + ", expected " + want.getName() + " at "
                                    + want.getPriceMinor() + " as of " + instant(want.getUpdatedAt()));
                        }
                    }
                    return sku;
                })
                .forEach(sku -> {}));
        expected.keySet().forEach(sku -> found.add(sku + ": in the catalog, not in the table"));
        return found;
    }

    int size() {
        return stored.size();
    }
}
