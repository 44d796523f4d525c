package dev.productingest.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.productingest.v1.ProductRow;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The products table. Both statements take one array per column, so PostgreSQL keeps one plan for
 * every batch size (measured against a rewritten JDBC batch and COPY into a staging table: see
 * perf/RESULTS.md).
 */
public final class ProductStore {
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
    };

    // Locks the stored versions so that the classification below stays true until commit.
    // Callers pass SKUs sorted, so concurrent batches lock in the same order and cannot deadlock.
    private static final String LOCK_CURRENT = """
            SELECT sku, name, description, category, price_minor, currency, stock, active,
                   attributes::text AS attributes, updated_at
            FROM products
            WHERE sku = ANY(:skus)
            ORDER BY sku
            FOR UPDATE""";

    // The WHERE clause repeats the winner rule for rows another stream inserted after LOCK_CURRENT
    // ran: an older or identical version writes nothing, and RETURNING leaves it out.
    private static final String UPSERT = """
            INSERT INTO products AS p (sku, name, description, category, price_minor, currency, stock, active, attributes, updated_at)
            SELECT t.sku, t.name, t.description, t.category, t.price_minor, t.currency, t.stock, t.active,
                   t.attributes::jsonb, t.updated_at::timestamptz
            FROM unnest(:sku, :name, :description, :category, :price_minor, :currency, :stock, :active, :attributes, :updated_at)
                 AS t(sku, name, description, category, price_minor, currency, stock, active, attributes, updated_at)
            ON CONFLICT (sku) DO UPDATE SET
                name = excluded.name, description = excluded.description, category = excluded.category,
                price_minor = excluded.price_minor, currency = excluded.currency, stock = excluded.stock,
                active = excluded.active, attributes = excluded.attributes, updated_at = excluded.updated_at,
                ingested_at = now()
            WHERE p.updated_at <= excluded.updated_at
              AND (p.name, p.description, p.category, p.price_minor, p.currency, p.stock, p.active, p.attributes, p.updated_at)
                  IS DISTINCT FROM
                  (excluded.name, excluded.description, excluded.category, excluded.price_minor, excluded.currency,
                   excluded.stock, excluded.active, excluded.attributes, excluded.updated_at)
            RETURNING p.sku, (p.xmax = 0) AS inserted""";

    private final ObjectMapper json;

    public ProductStore(ObjectMapper json) {
        this.json = json;
    }

    /** The stored versions of these SKUs (sorted), locked until the transaction ends. Absent SKUs are not in the map. */
    public Map<String, StoredVersion> lockCurrent(Handle handle, List<String> sortedSkus) {
        Map<String, StoredVersion> current = new HashMap<>();
        handle.createQuery(LOCK_CURRENT)
                .bindArray("skus", String.class, sortedSkus)
                .map((rs, ctx) -> {
                    current.put(rs.getString("sku"), new StoredVersion(rs.getString("name"), rs.getString("description"),
                            rs.getString("category"), rs.getLong("price_minor"), rs.getString("currency"), rs.getInt("stock"),
                            rs.getBoolean("active"), readAttributes(rs.getString("attributes")),
                            rs.getObject("updated_at", OffsetDateTime.class).toInstant()));
                    return null;
                })
                .list();
        return current;
    }

    /**
     * Inserts or updates these rows (sorted by SKU, one per SKU).
     *
     * @return for each SKU written, whether it was inserted (true) or updated (false); a SKU left
     *     out was not written because a newer or identical version was stored concurrently
     */
    public Map<String, Boolean> upsert(Handle handle, List<ProductRow> sortedRows) {
        int n = sortedRows.size();
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
        for (ProductRow row : sortedRows) {
            sku.add(row.getSku());
            name.add(row.getName());
            description.add(row.getDescription());
            category.add(row.getCategory());
            price.add(row.getPriceMinor());
            currency.add(row.getCurrency());
            stock.add(row.getStock());
            active.add(row.getActive());
            attributes.add(writeAttributes(row.getAttributesMap()));
            // ISO-8601 text keeps every microsecond; a numeric epoch would pass through float8 in SQL.
            updatedAt.add(Timestamps.toInstant(row.getUpdatedAt()).toString());
        }
        Map<String, Boolean> written = new HashMap<>(n * 2);
        handle.createQuery(UPSERT)
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
                .map((rs, ctx) -> written.put(rs.getString("sku"), rs.getBoolean("inserted")))
                .list();
        return written;
    }

    private String writeAttributes(Map<String, String> attributes) {
        if (attributes.isEmpty()) {
            return "{}";
        }
        try {
            return json.writeValueAsString(attributes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("attributes cannot be written as JSON", e);
        }
    }

    private Map<String, String> readAttributes(String text) {
        try {
            return json.readValue(text, ATTRIBUTES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored attributes are not a JSON object of strings: " + text, e);
        }
    }
}
