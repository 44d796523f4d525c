package dev.productingest.server.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import dev.productingest.v1.ProductRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** The products table read back as rows, for comparing with what was sent. */
public final class ProductTable {
    private static final ObjectMapper JSON = new ObjectMapper();
    // Not LIKE, whose '_' and '%' a prefix may hold.
    private static final String STARTS_WITH = "left(sku, length(:prefix)) = :prefix";

    private ProductTable() {}

    /** The products readers see: every stored product with content but the deleted ones. */
    public static Map<String, ProductRow> read(Jdbi jdbi) {
        return read(jdbi, "");
    }

    /** The products readers see whose SKUs start with {@code skuPrefix}. */
    public static Map<String, ProductRow> read(Jdbi jdbi, String skuPrefix) {
        Map<String, ProductRow> rows = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery(
                        "SELECT sku, name, description, category, price_minor, currency, stock, active, "
                                + "attributes::text AS attributes, updated_at FROM products WHERE deleted_at IS NULL "
                                + "AND updated_at IS NOT NULL AND " + STARTS_WITH)
                .bind("prefix", skuPrefix)
                .map((rs, ctx) -> {
                    var t = rs.getObject("updated_at", OffsetDateTime.class).toInstant();
                    ProductRow.Builder row = ProductRow.newBuilder()
                            .setSku(rs.getString("sku"))
                            .setName(rs.getString("name"))
                            .setDescription(rs.getString("description"))
                            .setCategory(rs.getString("category"))
                            .setPriceMinor(rs.getLong("price_minor"))
                            .setCurrency(rs.getString("currency"))
                            .setStock(rs.getInt("stock"))
                            .setActive(rs.getBoolean("active"))
                            .setUpdatedAt(Timestamp.newBuilder()
                                    .setSeconds(t.getEpochSecond())
                                    .setNanos(t.getNano()));
                    row.putAllAttributes(attributes(rs.getString("attributes")));
                    return rows.put(row.getSku(), row.build());
                })
                .list());
        return rows;
    }

    /**
     * Every stored product whose SKU starts with {@code skuPrefix}, readable or not, group by group with each group's
     * version: the content only for a readable product, as no reader sees it otherwise.
     */
    public static Map<String, StoredProduct> stored(Jdbi jdbi, String skuPrefix) {
        Map<String, StoredProduct> products = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery(
                        "SELECT sku, name, description, category, active, attributes::text AS attributes, "
                                + "updated_at, deleted_at IS NOT NULL AS deleted, price_minor, currency, "
                                // Stored NULL while equal to the content's version, '-infinity' when never arrived.
                                + "NULLIF(COALESCE(price_updated_at, updated_at), '-infinity') AS price_updated_at, "
                                + "stock, NULLIF(COALESCE(stock_updated_at, updated_at), '-infinity') AS stock_updated_at "
                                + "FROM products WHERE " + STARTS_WITH)
                .bind("prefix", skuPrefix)
                .map((rs, ctx) -> {
                    Instant contentAt = instant(rs, "updated_at");
                    StoredProduct.Content content = rs.getBoolean("deleted")
                            ? new StoredProduct.Deleted(contentAt)
                            : contentAt == null
                                    ? new StoredProduct.NoContent()
                                    : new StoredProduct.Live(
                                            rs.getString("name"),
                                            rs.getString("description"),
                                            rs.getString("category"),
                                            rs.getBoolean("active"),
                                            attributes(rs.getString("attributes")),
                                            contentAt);
                    Instant priceAt = instant(rs, "price_updated_at");
                    Instant stockAt = instant(rs, "stock_updated_at");
                    return products.put(
                            rs.getString("sku"),
                            new StoredProduct(
                                    content,
                                    priceAt == null
                                            ? null
                                            : new StoredProduct.Price(
                                                    rs.getLong("price_minor"), rs.getString("currency"), priceAt),
                                    stockAt == null ? null : new StoredProduct.Stock(rs.getInt("stock"), stockAt)));
                })
                .list());
        return products;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Map<String, String> attributes(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The deleted products (tombstones): each SKU with the version that deleted it. */
    public static Map<String, Instant> tombstones(Jdbi jdbi) {
        return tombstones(jdbi, "");
    }

    /** The deleted products whose SKUs start with {@code skuPrefix}. */
    public static Map<String, Instant> tombstones(Jdbi jdbi, String skuPrefix) {
        Map<String, Instant> tombstones = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery(
                        "SELECT sku, updated_at FROM products WHERE deleted_at IS NOT NULL AND " + STARTS_WITH)
                .bind("prefix", skuPrefix)
                .map((rs, ctx) -> tombstones.put(
                        rs.getString("sku"),
                        rs.getObject("updated_at", OffsetDateTime.class).toInstant()))
                .list());
        return tombstones;
    }

    /** Each SKU's row version (xmin): unchanged when the row was not rewritten. */
    public static Map<String, String> versions(Jdbi jdbi) {
        Map<String, String> versions = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT sku, xmin::text AS v FROM products")
                .map((rs, ctx) -> versions.put(rs.getString("sku"), rs.getString("v")))
                .list());
        return versions;
    }

    public static long count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
