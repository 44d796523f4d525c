package dev.productingest.server.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.result.ResultIterator;

/**
 * The reads of the products table behind the REST API. Deleted products (tombstones) and products whose content has not
 * arrived are never read.
 */
public final class ProductQueries {
    private static final String COLUMNS =
            "sku, name, description, category, price_minor, currency, stock, active, attributes::text AS attributes,"
                    + " updated_at, " + groupVersion("price_updated_at") + ", " + groupVersion("stock_updated_at");

    // What readers see: products with content (a price or stock feed may name a SKU first) and not deleted.
    private static final String READABLE = "deleted_at IS NULL AND updated_at IS NOT NULL";

    // A price or stock version as stored is NULL while it equals the content's, '-infinity' when the
    // group never arrived (V8): read as the version, or NULL for none.
    private static String groupVersion(String column) {
        return "NULLIF(COALESCE(" + column + ", updated_at), '-infinity') AS " + column;
    }

    // Rows a page holds before it is asked whether it takes them: at the proto's limits, a few MB.
    private static final int FETCH_ROWS = 32;

    private final Jdbi jdbi;
    private final ObjectReader attributes;

    public ProductQueries(Jdbi jdbi, ObjectMapper json) {
        this.jdbi = jdbi;
        this.attributes = AttributesJson.reader(json);
    }

    public Optional<StoredProduct> find(String sku) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT " + COLUMNS + " FROM products WHERE sku = :sku AND " + READABLE)
                        .bind("sku", sku)
                        .map((rs, ctx) -> product(rs))
                        .findOne());
    }

    /**
     * Products in SKU order after {@code afterSku}, filtered by category and active when given, handed to {@code page}
     * one by one until it takes no more or {@code limit} were read. Keyset pagination: each page is an index range scan
     * from the last SKU, however deep the page. The rows come from a cursor {@value #FETCH_ROWS} at a time, so a page
     * that ends early (bounded by bytes) never had the rest of its rows read into memory.
     */
    public void page(String category, Boolean active, String afterSku, int limit, Predicate<StoredProduct> page) {
        StringBuilder sql =
                new StringBuilder("SELECT " + COLUMNS + " FROM products WHERE sku > :after AND " + READABLE);
        if (category != null) {
            sql.append(" AND category = :category");
        }
        if (active != null) {
            sql.append(" AND active = :active");
        }
        sql.append(" ORDER BY sku LIMIT :limit");
        // PostgreSQL's driver reads a result through a cursor, fetchSize rows at a time, only inside a transaction.
        jdbi.useTransaction(h -> {
            try (ResultIterator<StoredProduct> rows = h.createQuery(sql.toString())
                    .bind("after", afterSku)
                    .bind("category", category)
                    .bind("active", active)
                    .bind("limit", limit)
                    .setFetchSize(FETCH_ROWS)
                    .map((rs, ctx) -> product(rs))
                    .iterator()) {
                while (rows.hasNext() && page.test(rows.next())) {
                    // the page takes the next one
                }
            }
        });
    }

    /** Product count, active count, and count per category, in one scan. */
    public Counts counts() {
        return jdbi.withHandle(h -> {
            Map<String, Long> byCategory = new LinkedHashMap<>();
            long[] totals = new long[2];
            h.createQuery("SELECT category, count(*) AS n, count(*) FILTER (WHERE active) AS active "
                            + "FROM products WHERE " + READABLE + " GROUP BY category ORDER BY category")
                    .map((rs, ctx) -> {
                        byCategory.put(rs.getString("category"), rs.getLong("n"));
                        totals[0] += rs.getLong("n");
                        totals[1] += rs.getLong("active");
                        return null;
                    })
                    .list();
            return new Counts(totals[0], totals[1], byCategory);
        });
    }

    /** What {@link #counts()} returns. */
    public record Counts(long products, long active, Map<String, Long> byCategory) {}

    private StoredProduct product(ResultSet rs) throws SQLException {
        return new StoredProduct(
                rs.getString("sku"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("category"),
                rs.getLong("price_minor"),
                rs.getString("currency"),
                rs.getInt("stock"),
                rs.getBoolean("active"),
                AttributesJson.read(attributes, rs.getString("attributes")),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                Timestamps.toInstant(rs.getObject("price_updated_at", OffsetDateTime.class)),
                Timestamps.toInstant(rs.getObject("stock_updated_at", OffsetDateTime.class)));
    }
}
