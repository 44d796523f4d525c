package dev.productingest.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.productingest.v1.ProductRow;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.postgresql.PGConnection;

/**
 * The products table. Callers lock and read the stored versions first, so each row is known to be
 * new (COPY) or a newer version of a stored one (UPDATE); no INSERT ... ON CONFLICT is needed.
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

    // New SKUs go in through COPY, PostgreSQL's bulk path (multi-row heap inserts): several times
    // faster than any INSERT ... ON CONFLICT form (perf/RESULTS.md). A SKU another stream inserted
    // since LOCK_CURRENT fails the COPY with a unique violation, and the caller retries the batch.
    private static final String COPY_NEW = """
            COPY products (sku, name, description, category, price_minor, currency, stock, active, attributes, updated_at)
            FROM STDIN WITH (FORMAT csv)""";

    // Only for rows LOCK_CURRENT locked and found older and different, so no guard is needed here.
    private static final String UPDATE = """
            UPDATE products AS p SET
                name = t.name, description = t.description, category = t.category, price_minor = t.price_minor,
                currency = t.currency, stock = t.stock, active = t.active, attributes = t.attributes::jsonb,
                updated_at = t.updated_at::timestamptz, ingested_at = now()
            FROM unnest(:sku, :name, :description, :category, :price_minor, :currency, :stock, :active, :attributes, :updated_at)
                 AS t(sku, name, description, category, price_minor, currency, stock, active, attributes, updated_at)
            WHERE p.sku = t.sku""";

    private final ObjectMapper json;
    private final ObjectWriter attributesWriter;

    public ProductStore(ObjectMapper json) {
        this.json = json;
        this.attributesWriter = json.writerFor(ATTRIBUTES);
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
     * Inserts rows whose SKUs are not stored.
     *
     * @throws org.jdbi.v3.core.statement.UnableToExecuteStatementException with SQL state 23505 when
     *     another transaction stored one of them first
     */
    public void insertNew(Handle handle, List<ProductRow> rows) {
        StringBuilder text = new StringBuilder(rows.size() * 256);
        try (CSVPrinter csv = new CSVPrinter(text, CSVFormat.POSTGRESQL_CSV)) {
            for (ProductRow row : rows) {
                csv.printRecord(row.getSku(), row.getName(), row.getDescription(), row.getCategory(), row.getPriceMinor(),
                        row.getCurrency(), row.getStock(), row.getActive(), writeAttributes(row.getAttributesMap()),
                        Timestamps.toInstant(row.getUpdatedAt()));
            }
            handle.getConnection().unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_NEW, new StringReader(text.toString()));
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Overwrites stored rows (locked by {@link #lockCurrent}) with these versions. */
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
            attributes.add(writeAttributes(row.getAttributesMap()));
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

    private String writeAttributes(Map<String, String> attributes) {
        if (attributes.isEmpty()) {
            return "{}";
        }
        try {
            return attributesWriter.writeValueAsString(attributes);
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
