package dev.productingest.server.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.google.protobuf.Timestamp;
import dev.productingest.v1.ProductRow;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The products table. Callers lock the stored rows first and read their versions, so each product is known to be new
 * (COPY) or which of its field groups a batch writes (UPDATE); no INSERT ... ON CONFLICT is needed. A changed catalog's
 * rows are written without being read first, by an UPDATE whose guard is the winner rule for a whole row.
 */
public final class ProductStore {

    // Locks the stored versions so that the classification below stays true until commit.
    // Callers pass SKUs sorted, so concurrent batches lock in the same order and cannot deadlock.
    private static final String LOCK_VERSIONS = """
            SELECT sku, price_minor, currency, stock, updated_at, deleted_at IS NOT NULL AS deleted,
                   price_updated_at, stock_updated_at
            FROM products
            WHERE sku = ANY(:skus)
            ORDER BY sku
            FOR UPDATE""";

    // The content (the largest columns, and attributes as JSON text): compared only on a tie.
    private static final String CONTENT = "name, description, category, active, attributes::text AS attributes";

    // The same, failing at once (SQL state 55P03) where another transaction holds a row.
    private static final String TRY_LOCK_VERSIONS = LOCK_VERSIONS + " NOWAIT";

    // The same lock, with the content.
    private static final String LOCK_CURRENT = """
            SELECT sku, price_minor, currency, stock, updated_at, deleted_at IS NOT NULL AS deleted,
                   price_updated_at, stock_updated_at, """ + CONTENT + """

            FROM products
            WHERE sku = ANY(:skus)
            ORDER BY sku
            FOR UPDATE""";

    // Of rows the same transaction has locked: their content cannot change before it ends.
    private static final String READ_CONTENT = "SELECT sku, " + CONTENT + " FROM products WHERE sku = ANY(:skus)";

    // New SKUs go in through COPY, PostgreSQL's bulk path (multi-row heap inserts): several times
    // faster than any INSERT ... ON CONFLICT form (perf/RESULTS.md). Binary, so nothing is escaped,
    // quoted or formatted as text on the way. A SKU another stream inserted
    // since the lock-read fails the COPY with a unique violation, and the caller retries the batch.
    private static final String COPY_NEW = """
            COPY products (sku, name, description, category, price_minor, currency, stock, active, attributes,
                           updated_at, deleted_at, price_updated_at, stock_updated_at)
            FROM STDIN WITH (FORMAT binary)""";

    // A price or stock version is NULL while it equals the content's, '-infinity' when the group never
    // arrived (V8). A statement that changes the content's version spells the others out first, so
    // that they keep their own: the old values, as SET reads them.
    public static final String KEEP_PRICE_AND_STOCK_VERSIONS =
            "price_updated_at = COALESCE(p.price_updated_at, p.updated_at, '-infinity'),"
                    + " stock_updated_at = COALESCE(p.stock_updated_at, p.updated_at, '-infinity')";

    // The statements below write only rows the lock-read locked and found older in the groups
    // they write, so no guard is needed in them.
    private static final String UPDATE = updateWhole("");

    // A whole version newer than every group stored, of a product readers see: what the winner rule
    // writes whole as an update (SkuOutcome; a group that never arrived, '-infinity', is older than
    // any version). PostgreSQL decides it on each row's committed version, waiting for a writer that
    // holds the row (rows sorted by SKU are visited in that order, as the lock-reads lock them).
    private static final String UPDATE_WHERE_OLDER = updateWhole("""

              AND p.deleted_at IS NULL AND p.updated_at < t.updated_at
              AND COALESCE(p.price_updated_at, p.updated_at) < t.updated_at
              AND COALESCE(p.stock_updated_at, p.updated_at) < t.updated_at
            RETURNING p.sku""");

    private static String updateWhole(String guard) {
        return "UPDATE products AS p SET " + writeWholeProduct("t") + """

                FROM (SELECT sku, name, description, category, price_minor, currency, stock, active, attributes,
                             %s AS updated_at
                      FROM unnest(:sku, :name, :description, :category, :price_minor, :currency, :stock, :active,
                                  :attributes::jsonb[], :updated_at)
                           AS u(sku, name, description, category, price_minor, currency, stock, active, attributes,
                                version)) AS t
                WHERE p.sku = t.sku""".formatted(version("u.version")) + guard;
    }

    /**
     * The assignments that write a whole product from the row {@code source} names (with the products table's columns
     * and types): every group at the content's version, a tombstone revived. Public so that the perf suite's upsert
     * baseline writes what the service writes.
     */
    public static String writeWholeProduct(String source) {
        return """
                name = %1$s.name, description = %1$s.description, category = %1$s.category,
                price_minor = %1$s.price_minor, currency = %1$s.currency, stock = %1$s.stock, active = %1$s.active,
                attributes = %1$s.attributes, updated_at = %1$s.updated_at, price_updated_at = NULL,
                stock_updated_at = NULL, ingested_at = now(), deleted_at = NULL""".formatted(source);
    }

    private static final String UPDATE_CONTENT = """
            UPDATE products AS p SET
                name = t.name, description = t.description, category = t.category, active = t.active,
                attributes = t.attributes::jsonb, updated_at = %s, ingested_at = now(), deleted_at = NULL, %s
            FROM unnest(:sku, :name, :description, :category, :active, :attributes, :updated_at)
                 AS t(sku, name, description, category, active, attributes, updated_at)
            WHERE p.sku = t.sku""".formatted(version("t.updated_at"), KEEP_PRICE_AND_STOCK_VERSIONS);

    private static final String UPDATE_PRICE = """
            UPDATE products AS p SET
                price_minor = t.price_minor, currency = t.currency, price_updated_at = %s, ingested_at = now()
            FROM unnest(:sku, :price_minor, :currency, :updated_at) AS t(sku, price_minor, currency, updated_at)
            WHERE p.sku = t.sku""".formatted(version("t.updated_at"));

    private static final String UPDATE_STOCK = """
            UPDATE products AS p SET
                stock = t.stock, stock_updated_at = %s, ingested_at = now()
            FROM unnest(:sku, :stock, :updated_at) AS t(sku, stock, updated_at)
            WHERE p.sku = t.sku""".formatted(version("t.updated_at"));

    // Stored rows become tombstones, keeping the fields they had, so the deleted version stays
    // comparable and a late older version still loses; the price and stock keep their versions.
    private static final String DELETE = """
            UPDATE products AS p SET deleted_at = now(), updated_at = %s, ingested_at = now(), %s
            FROM unnest(:sku, :updated_at) AS t(sku, updated_at)
            WHERE p.sku = t.sku""".formatted(version("t.updated_at"), KEEP_PRICE_AND_STOCK_VERSIONS);

    /**
     * A version the statements above bind as microseconds since 1970 (a bigint array, sent in binary), as a
     * timestamptz: PostgreSQL parsing ISO text took about 1.3 µs a row. The whole seconds pass through
     * {@code to_timestamp}'s float8, exact for every second from year 1 to 9999 (the microseconds alone would not be);
     * the microseconds left are added to them.
     */
    private static String version(String micros) {
        return "(to_timestamp(%1$s / 1000000) + (%1$s %% 1000000) * interval '1 microsecond')".formatted(micros);
    }

    private final ObjectReader attributes;

    public ProductStore(ObjectMapper json) {
        this.attributes = AttributesJson.reader(json);
    }

    /**
     * The stored versions of these SKUs (sorted), with their content, locked until the transaction ends. Absent SKUs
     * are not in the map.
     */
    public Map<String, StoredVersion> lockCurrent(Handle handle, List<String> sortedSkus) {
        return lock(handle, LOCK_CURRENT, sortedSkus, true);
    }

    /**
     * As {@link #lockCurrent}, without the content: the versions' name, description, category and attributes are null
     * (and active false) until {@link #readContent} reads them. Content is compared only where a content version ties
     * with the stored one.
     */
    public Map<String, StoredVersion> lockVersions(Handle handle, List<String> sortedSkus) {
        return lock(handle, LOCK_VERSIONS, sortedSkus, false);
    }

    /**
     * As {@link #lockVersions}, failing at once (SQL state 55P03, lock not available) if another transaction holds one
     * of the rows, rather than waiting for it.
     */
    public Map<String, StoredVersion> tryLockVersions(Handle handle, List<String> sortedSkus) {
        return lock(handle, TRY_LOCK_VERSIONS, sortedSkus, false);
    }

    private Map<String, StoredVersion> lock(Handle handle, String sql, List<String> sortedSkus, boolean withContent) {
        Map<String, StoredVersion> current = new HashMap<>(sortedSkus.size() * 2);
        handle.createQuery(sql)
                .bind("skus", BinaryArray.of(sortedSkus.toArray(new String[0])))
                .map((rs, ctx) -> {
                    Instant content = Timestamps.toInstant(rs.getObject("updated_at", OffsetDateTime.class));
                    StoredVersion versions = new StoredVersion(
                            null,
                            null,
                            null,
                            rs.getLong("price_minor"),
                            rs.getString("currency"),
                            rs.getInt("stock"),
                            false,
                            null,
                            content,
                            rs.getBoolean("deleted"),
                            groupVersion(rs, "price_updated_at", content),
                            groupVersion(rs, "stock_updated_at", content));
                    current.put(rs.getString("sku"), withContent ? withStoredContent(versions, rs) : versions);
                    return null;
                })
                .list();
        return current;
    }

    /**
     * Completes versions {@link #lockVersions} read with the stored content of these SKUs, which this transaction has
     * locked.
     */
    public void readContent(Handle handle, Map<String, StoredVersion> versions, List<String> skus) {
        handle.createQuery(READ_CONTENT)
                .bind("skus", BinaryArray.of(skus.toArray(new String[0])))
                .map((rs, ctx) -> {
                    String sku = rs.getString("sku");
                    versions.put(sku, withStoredContent(versions.get(sku), rs));
                    return null;
                })
                .list();
    }

    private StoredVersion withStoredContent(StoredVersion versions, ResultSet rs) throws SQLException {
        return versions.withContent(
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("category"),
                rs.getBoolean("active"),
                AttributesJson.read(attributes, rs.getString("attributes")));
    }

    /** A price or stock version as stored: NULL is the content's version, '-infinity' none (null). */
    private static Instant groupVersion(ResultSet rs, String column, Instant content) throws SQLException {
        // NULL for every whole product, so asked first: the driver's typed read looks the column's type up
        // even for a NULL. OffsetDateTime rather than the untyped Timestamp, which the driver builds in the
        // Julian calendar before 1582 (days off the stored instant).
        if (rs.getObject(column) == null) {
            return content;
        }
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at.equals(OffsetDateTime.MIN) ? null : at.toInstant();
    }

    /**
     * Inserts products whose SKUs are not stored, each group from the row that writes it: a group no row writes has no
     * version, and a product without content is stored unreadable until its content arrives; a tombstone goes in as a
     * deleted product, so that an older version of it arriving later still loses.
     *
     * @throws RuntimeException caused by PostgreSQL's unique violation (SQL state 23505) when another transaction
     *     stored one of them first
     */
    public void insertNew(Handle handle, List<ProductVersions> products) {
        Instant now = Instant.now();
        BinaryCopyWriter.copy(handle, COPY_NEW, copy -> {
            for (ProductVersions product : products) {
                ProductRow content = product.content();
                ProductRow price = product.price();
                ProductRow stock = product.stock();
                copy.tuple(13).text(product.sku());
                boolean live = content != null && !content.getDeleted();
                copy.text(live ? content.getName() : "")
                        .text(live ? content.getDescription() : "")
                        .text(live ? content.getCategory() : "")
                        .int8(price != null ? price.getPriceMinor() : 0)
                        .text(price != null ? price.getCurrency() : "")
                        .int4(stock != null ? stock.getStock() : 0)
                        .bool(live && content.getActive())
                        .jsonb(live ? AttributesJson.write(content.getAttributesMap()) : "{}");
                version(copy, content);
                if (content != null && content.getDeleted()) {
                    copy.timestamptz(now.getEpochSecond(), now.getNano() / 1_000 * 1_000);
                } else {
                    copy.nullField();
                }
                groupVersion(copy, price, content);
                groupVersion(copy, stock, content);
            }
        });
    }

    /** NULL when the content's row writes the group too (a whole product), '-infinity' when no row writes it. */
    private static void groupVersion(BinaryCopyWriter copy, ProductRow row, ProductRow content) throws IOException {
        if (row != null && row == content) {
            copy.nullField();
        } else if (row == null && content != null) {
            copy.timestamptzNegativeInfinity();
        } else {
            version(copy, row);
        }
    }

    private static void version(BinaryCopyWriter copy, ProductRow row) throws IOException {
        if (row == null) {
            copy.nullField();
        } else {
            copy.timestamptz(row.getUpdatedAt().getSeconds(), row.getUpdatedAt().getNanos());
        }
    }

    /**
     * Marks stored rows (locked by {@link #lockVersions} or {@link #lockCurrent}) deleted as of these tombstones'
     * versions.
     */
    public void delete(Handle handle, List<ProductRow> tombstones) {
        handle.createUpdate(DELETE)
                .bind("sku", BinaryArray.of(skus(tombstones)))
                .bind("updated_at", BinaryArray.of(versions(tombstones)))
                .execute();
    }

    /**
     * Overwrites stored rows (locked by {@link #lockVersions} or {@link #lockCurrent}) with these versions; a deleted
     * one is back.
     */
    public void update(Handle handle, List<ProductRow> rows) {
        bindWhole(handle.createUpdate(UPDATE), rows).execute();
    }

    /** Every field of these rows, as UPDATE takes them. */
    private static <S extends SqlStatement<S>> S bindWhole(S update, List<ProductRow> rows) {
        int n = rows.size();
        long[] price = new long[n];
        String[] currency = new String[n];
        int[] stock = new int[n];
        for (int i = 0; i < n; i++) {
            ProductRow row = rows.get(i);
            price[i] = row.getPriceMinor();
            currency[i] = row.getCurrency();
            stock[i] = row.getStock();
        }
        return bindContent(update, rows)
                .bind("price_minor", BinaryArray.of(price))
                .bind("currency", BinaryArray.of(currency))
                .bind("stock", BinaryArray.of(stock));
    }

    /**
     * Overwrites, without reading them, the stored products that each of these whole live rows (sorted by SKU) is newer
     * than in every field group, of products readers see, and locks them. The rest keep their stored versions, for the
     * winner rule to decide.
     *
     * @return the SKUs written
     */
    public Set<String> updateWhereOlder(Handle handle, List<ProductRow> rows) {
        return bindWhole(handle.createQuery(UPDATE_WHERE_OLDER), rows)
                .mapTo(String.class)
                .collect(Collectors.toCollection(() -> new HashSet<>(rows.size() * 2)));
    }

    /**
     * Writes the content of stored rows (locked by {@link #lockVersions} or {@link #lockCurrent}); a deleted one is
     * back.
     */
    public void updateContent(Handle handle, List<ProductRow> rows) {
        bindContent(handle.createUpdate(UPDATE_CONTENT), rows).execute();
    }

    /** The SKUs, the content's fields and the versions of these rows, as UPDATE and UPDATE_CONTENT take them. */
    private static <S extends SqlStatement<S>> S bindContent(S update, List<ProductRow> rows) {
        int n = rows.size();
        String[] name = new String[n];
        String[] description = new String[n];
        String[] category = new String[n];
        boolean[] active = new boolean[n];
        String[] attributes = new String[n];
        for (int i = 0; i < n; i++) {
            ProductRow row = rows.get(i);
            name[i] = row.getName();
            description[i] = row.getDescription();
            category[i] = row.getCategory();
            active[i] = row.getActive();
            attributes[i] = AttributesJson.write(row.getAttributesMap());
        }
        return update.bind("sku", BinaryArray.of(skus(rows)))
                .bind("name", BinaryArray.of(name))
                .bind("description", BinaryArray.of(description))
                .bind("category", BinaryArray.of(category))
                .bind("active", BinaryArray.of(active))
                .bind("attributes", BinaryArray.of(attributes))
                .bind("updated_at", BinaryArray.of(versions(rows)));
    }

    /** Writes the price of stored rows (locked by {@link #lockVersions} or {@link #lockCurrent}). */
    public void updatePrice(Handle handle, List<ProductRow> rows) {
        long[] price = new long[rows.size()];
        String[] currency = new String[rows.size()];
        for (int i = 0; i < price.length; i++) {
            price[i] = rows.get(i).getPriceMinor();
            currency[i] = rows.get(i).getCurrency();
        }
        handle.createUpdate(UPDATE_PRICE)
                .bind("sku", BinaryArray.of(skus(rows)))
                .bind("price_minor", BinaryArray.of(price))
                .bind("currency", BinaryArray.of(currency))
                .bind("updated_at", BinaryArray.of(versions(rows)))
                .execute();
    }

    /** Writes the stock of stored rows (locked by {@link #lockVersions} or {@link #lockCurrent}). */
    public void updateStock(Handle handle, List<ProductRow> rows) {
        int[] stock = new int[rows.size()];
        for (int i = 0; i < stock.length; i++) {
            stock[i] = rows.get(i).getStock();
        }
        handle.createUpdate(UPDATE_STOCK)
                .bind("sku", BinaryArray.of(skus(rows)))
                .bind("stock", BinaryArray.of(stock))
                .bind("updated_at", BinaryArray.of(versions(rows)))
                .execute();
    }

    private static String[] skus(List<ProductRow> rows) {
        String[] skus = new String[rows.size()];
        for (int i = 0; i < skus.length; i++) {
            skus[i] = rows.get(i).getSku();
        }
        return skus;
    }

    /** The rows' versions in microseconds since 1970, as {@link #version} takes them (the row rules allow no finer). */
    private static long[] versions(List<ProductRow> rows) {
        long[] versions = new long[rows.size()];
        for (int i = 0; i < versions.length; i++) {
            Timestamp at = rows.get(i).getUpdatedAt();
            versions[i] = Math.addExact(Math.multiplyExact(at.getSeconds(), 1_000_000L), at.getNanos() / 1_000);
        }
        return versions;
    }
}
