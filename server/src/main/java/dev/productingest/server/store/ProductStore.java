package dev.productingest.server.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.productingest.v1.ProductRow;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The products table. Callers lock and read the stored versions first, so each row is known to be new (COPY) or a newer
 * version of a stored one (UPDATE); no INSERT ... ON CONFLICT is needed.
 */
public final class ProductStore {

    // Locks the stored versions so that the classification below stays true until commit.
    // Callers pass SKUs sorted, so concurrent batches lock in the same order and cannot deadlock.
    private static final String LOCK_CURRENT = """
            SELECT sku, name, description, category, price_minor, currency, stock, active,
                   attributes::text AS attributes, updated_at, deleted_at IS NOT NULL AS deleted
            FROM products
            WHERE sku = ANY(:skus)
            ORDER BY sku
            FOR UPDATE""";

    // New SKUs go in through COPY, PostgreSQL's bulk path (multi-row heap inserts): several times
    // faster than any INSERT ... ON CONFLICT form (perf/RESULTS.md). Binary, so nothing is escaped,
    // quoted or formatted as text on the way. A SKU another stream inserted
    // since LOCK_CURRENT fails the COPY with a unique violation, and the caller retries the batch.
    private static final String COPY_NEW = """
            COPY products (sku, name, description, category, price_minor, currency, stock, active, attributes, updated_at, deleted_at)
            FROM STDIN WITH (FORMAT binary)""";

    // Only for rows LOCK_CURRENT locked and found older and different, so no guard is needed here.
    private static final String UPDATE = """
            UPDATE products AS p SET
                name = t.name, description = t.description, category = t.category, price_minor = t.price_minor,
                currency = t.currency, stock = t.stock, active = t.active, attributes = t.attributes::jsonb,
                updated_at = t.updated_at::timestamptz, ingested_at = now(), deleted_at = NULL
            FROM unnest(:sku, :name, :description, :category, :price_minor, :currency, :stock, :active, :attributes, :updated_at)
                 AS t(sku, name, description, category, price_minor, currency, stock, active, attributes, updated_at)
            WHERE p.sku = t.sku""";

    // Only for rows LOCK_CURRENT locked and found older: they become tombstones, keeping the fields
    // they had, so the deleted version stays comparable and a late older version still loses.
    private static final String DELETE = """
            UPDATE products AS p SET deleted_at = now(), updated_at = t.updated_at::timestamptz, ingested_at = now()
            FROM unnest(:sku, :updated_at) AS t(sku, updated_at)
            WHERE p.sku = t.sku""";

    private final ObjectReader attributes;

    public ProductStore(ObjectMapper json) {
        this.attributes = AttributesJson.reader(json);
    }

    /**
     * The stored versions of these SKUs (sorted), locked until the transaction ends. Absent SKUs are not in the map.
     */
    public Map<String, StoredVersion> lockCurrent(Handle handle, List<String> sortedSkus) {
        Map<String, StoredVersion> current = new HashMap<>(sortedSkus.size() * 2);
        handle.createQuery(LOCK_CURRENT)
                .bindArray("skus", String.class, sortedSkus)
                .map((rs, ctx) -> {
                    current.put(
                            rs.getString("sku"),
                            new StoredVersion(
                                    rs.getString("name"),
                                    rs.getString("description"),
                                    rs.getString("category"),
                                    rs.getLong("price_minor"),
                                    rs.getString("currency"),
                                    rs.getInt("stock"),
                                    rs.getBoolean("active"),
                                    AttributesJson.read(attributes, rs.getString("attributes")),
                                    rs.getObject("updated_at", OffsetDateTime.class)
                                            .toInstant(),
                                    rs.getBoolean("deleted")));
                    return null;
                })
                .list();
        return current;
    }

    /**
     * Inserts rows whose SKUs are not stored; a tombstone goes in as a deleted product, so that an older version of it
     * arriving later still loses.
     *
     * @throws RuntimeException caused by PostgreSQL's unique violation (SQL state 23505) when another transaction
     *     stored one of them first
     */
    public void insertNew(Handle handle, List<ProductRow> rows) {
        Instant now = Instant.now();
        BinaryCopyWriter.copy(handle, COPY_NEW, copy -> {
            for (ProductRow row : rows) {
                copy.tuple(11).text(row.getSku());
                if (row.getDeleted()) {
                    copy.text("")
                            .text("")
                            .text("")
                            .int8(0)
                            .text("")
                            .int4(0)
                            .bool(false)
                            .jsonb("{}");
                } else {
                    copy.text(row.getName())
                            .text(row.getDescription())
                            .text(row.getCategory())
                            .int8(row.getPriceMinor())
                            .text(row.getCurrency())
                            .int4(row.getStock())
                            .bool(row.getActive())
                            .jsonb(AttributesJson.write(row.getAttributesMap()));
                }
                copy.timestamptz(
                        row.getUpdatedAt().getSeconds(), row.getUpdatedAt().getNanos());
                if (row.getDeleted()) {
                    copy.timestamptz(now.getEpochSecond(), now.getNano() / 1_000 * 1_000);
                } else {
                    copy.nullField();
                }
            }
        });
    }

    /** Marks stored rows (locked by {@link #lockCurrent}) deleted as of these tombstones' versions. */
    public void delete(Handle handle, List<ProductRow> tombstones) {
        List<String> sku = new ArrayList<>(tombstones.size());
        List<String> updatedAt = new ArrayList<>(tombstones.size());
        for (ProductRow row : tombstones) {
            sku.add(row.getSku());
            updatedAt.add(Timestamps.toInstant(row.getUpdatedAt()).toString());
        }
        handle.createUpdate(DELETE)
                .bindArray("sku", String.class, sku)
                .bindArray("updated_at", String.class, updatedAt)
                .execute();
    }

    /** Overwrites stored rows (locked by {@link #lockCurrent}) with these versions; a deleted one is back. */
    public void update(Handle handle, List<ProductRow> rows) {
        int n = rows.size();
        List<String> sku = new ArrayList<>(n);
        List<String> name = new ArrayList<>(n);
        List<String> description = new ArrayList<>(n);
        List<String> category = new ArrayList<>(n);
        List<Long> price = new ArrayList<>(n);
        List<String> currency = new ArrayList<>(n);
        List<Integer> stock = new ArrayList<>(n);
        List<Boolean> active = new ArrayList<>(n);
        List<String> attributes = new ArrayList<>(n);
        List<String> updatedAt = new ArrayList<>(n);
        for (ProductRow row : rows) {
            sku.add(row.getSku());
            name.add(row.getName());
            description.add(row.getDescription());
            category.add(row.getCategory());
            price.add(row.getPriceMinor());
            currency.add(row.getCurrency());
            stock.add(row.getStock());
            active.add(row.getActive());
            attributes.add(AttributesJson.write(row.getAttributesMap()));
            // ISO-8601 text keeps every microsecond; a numeric epoch would pass through float8 in SQL.
            updatedAt.add(Timestamps.toInstant(row.getUpdatedAt()).toString());
        }
        handle.createUpdate(UPDATE)
                .bindArray("sku", String.class, sku)
                .bindArray("name", String.class, name)
                .bindArray("description", String.class, description)
                .bindArray("category", String.class, category)
                .bindArray("price_minor", Long.class, price)
                .bindArray("currency", String.class, currency)
                .bindArray("stock", Integer.class, stock)
                .bindArray("active", Boolean.class, active)
                .bindArray("attributes", String.class, attributes)
                .bindArray("updated_at", String.class, updatedAt)
                .execute();
    }
}
