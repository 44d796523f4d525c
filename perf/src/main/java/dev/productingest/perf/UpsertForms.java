package dev.productingest.perf;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.productingest.server.store.ProductStore;
import dev.productingest.server.store.ProductVersions;
import dev.productingest.v1.ProductRow;
import java.io.StringReader;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;

/**
 * The candidate upsert statements, each run alone over the same rows in the same batches, with the same winner rule (ON
 * CONFLICT ... WHERE newer and different). The service uses the fastest.
 */
final class UpsertForms {
    private static final String CONFLICT = """
             ON CONFLICT (sku) DO UPDATE SET
                name = excluded.name, description = excluded.description, category = excluded.category,
                price_minor = excluded.price_minor, currency = excluded.currency, stock = excluded.stock,
                active = excluded.active, attributes = excluded.attributes, updated_at = excluded.updated_at, ingested_at = now()
            WHERE p.updated_at <= excluded.updated_at
              AND (p.name, p.description, p.category, p.price_minor, p.currency, p.stock, p.active, p.attributes, p.updated_at)
                  IS DISTINCT FROM (excluded.name, excluded.description, excluded.category, excluded.price_minor,
                  excluded.currency, excluded.stock, excluded.active, excluded.attributes, excluded.updated_at)""";
    private static final String COLUMNS =
            "sku, name, description, category, price_minor, currency, stock, active, attributes, updated_at";
    private static final ObjectMapper JSON = new ObjectMapper();

    interface Form {
        void write(List<ProductRow> sortedBatch) throws Exception;
    }

    private UpsertForms() {}

    /** Rows per second for one form over every row of the catalog. */
    static double measure(Iterator<ProductRow> rows, int batchRows, Form form) throws Exception {
        long started = System.nanoTime();
        long written = 0;
        while (rows.hasNext()) {
            List<ProductRow> batch = new ArrayList<>(batchRows);
            while (batch.size() < batchRows && rows.hasNext()) {
                batch.add(rows.next());
            }
            batch.sort(Comparator.comparing(ProductRow::getSku));
            form.write(batch);
            written += batch.size();
        }
        return written / ((System.nanoTime() - started) / 1e9);
    }

    /** One INSERT ... SELECT FROM unnest(...) ON CONFLICT statement binding an array per column. */
    static Form unnestArrays(Jdbi jdbi) {
        String sql = "INSERT INTO products AS p (" + COLUMNS
                + ") SELECT t.sku, t.name, t.description, t.category, t.price_minor,"
                + " t.currency, t.stock, t.active, t.attributes::jsonb, t.updated_at::timestamptz"
                + " FROM unnest(:sku, :name, :description, :category, :price_minor, :currency, :stock, :active, :attributes, :updated_at)"
                + " AS t(" + COLUMNS + ")" + CONFLICT;
        return batch -> jdbi.useTransaction(h -> h.createUpdate(sql)
                .bindArray(
                        "sku",
                        String.class,
                        batch.stream().map(ProductRow::getSku).toList())
                .bindArray(
                        "name",
                        String.class,
                        batch.stream().map(ProductRow::getName).toList())
                .bindArray(
                        "description",
                        String.class,
                        batch.stream().map(ProductRow::getDescription).toList())
                .bindArray(
                        "category",
                        String.class,
                        batch.stream().map(ProductRow::getCategory).toList())
                .bindArray(
                        "price_minor",
                        Long.class,
                        batch.stream().map(ProductRow::getPriceMinor).toList())
                .bindArray(
                        "currency",
                        String.class,
                        batch.stream().map(ProductRow::getCurrency).toList())
                .bindArray(
                        "stock",
                        Integer.class,
                        batch.stream().map(ProductRow::getStock).toList())
                .bindArray(
                        "active",
                        Boolean.class,
                        batch.stream().map(ProductRow::getActive).toList())
                .bindArray(
                        "attributes",
                        String.class,
                        batch.stream().map(r -> json(r)).toList())
                .bindArray(
                        "updated_at",
                        String.class,
                        batch.stream().map(r -> instant(r).toString()).toList())
                .execute());
    }

    /** The service's write of new rows: lock and read the stored versions, then COPY straight into products. */
    static Form lockThenCopy(Jdbi jdbi) {
        ProductStore store = new ProductStore(JSON);
        return batch -> jdbi.useTransaction(h -> {
            store.lockCurrent(h, batch.stream().map(ProductRow::getSku).toList());
            // Whole rows: each writes every group of its product.
            store.insertNew(
                    h,
                    batch.stream()
                            .map(r -> new ProductVersions(r.getSku(), r, r, r))
                            .toList());
        });
    }

    private static String json(ProductRow r) {
        try {
            return JSON.writeValueAsString(r.getAttributesMap());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What most first versions do: one INSERT ... ON CONFLICT per row, each its own transaction (autocommit). */
    static Form rowByRow(String jdbcUrl) throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl);
        PreparedStatement insert = c.prepareStatement("INSERT INTO products AS p (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::timestamptz)" + CONFLICT);
        return batch -> {
            for (ProductRow r : batch) {
                bind(insert, r);
                insert.executeUpdate();
            }
        };
    }

    /** A plain JDBI prepared batch of single-row INSERT ... ON CONFLICT, one transaction per batch, no rewriting. */
    static Form jdbiBatch(Jdbi jdbi) {
        String sql = "INSERT INTO products AS p (" + COLUMNS
                + ") VALUES (:sku, :name, :description, :category, :price_minor, :currency,"
                + " :stock, :active, :attributes::jsonb, :updated_at::timestamptz)" + CONFLICT;
        return batch -> jdbi.useTransaction(h -> {
            var prepared = h.prepareBatch(sql);
            for (ProductRow r : batch) {
                prepared.bind("sku", r.getSku())
                        .bind("name", r.getName())
                        .bind("description", r.getDescription())
                        .bind("category", r.getCategory())
                        .bind("price_minor", r.getPriceMinor())
                        .bind("currency", r.getCurrency())
                        .bind("stock", r.getStock())
                        .bind("active", r.getActive())
                        .bind("attributes", json(r))
                        .bind("updated_at", instant(r).toString())
                        .add();
            }
            prepared.execute();
        });
    }

    private static void bind(PreparedStatement insert, ProductRow r) throws SQLException {
        insert.setString(1, r.getSku());
        insert.setString(2, r.getName());
        insert.setString(3, r.getDescription());
        insert.setString(4, r.getCategory());
        insert.setLong(5, r.getPriceMinor());
        insert.setString(6, r.getCurrency());
        insert.setInt(7, r.getStock());
        insert.setBoolean(8, r.getActive());
        insert.setString(9, json(r));
        insert.setString(10, instant(r).toString());
    }

    /** A JDBC batch of single-row INSERTs, which pgjdbc rewrites into multi-row VALUES lists. */
    static Form rewrittenJdbcBatch(String jdbcUrl) throws SQLException {
        Connection c = DriverManager.getConnection(
                jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true");
        c.setAutoCommit(false);
        PreparedStatement insert = c.prepareStatement("INSERT INTO products AS p (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::timestamptz)" + CONFLICT);
        return batch -> {
            for (ProductRow r : batch) {
                bind(insert, r);
                insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
        };
    }

    /** COPY into a temporary staging table, then one INSERT ... SELECT from it. */
    static Form copyIntoStaging(String jdbcUrl) throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE staging (LIKE products INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
        }
        c.commit();
        PreparedStatement merge = c.prepareStatement("INSERT INTO products AS p (" + COLUMNS + ") SELECT " + COLUMNS
                + " FROM staging ORDER BY sku" + CONFLICT);
        return batch -> {
            StringWriter text = new StringWriter(batch.size() * 200);
            try (CSVPrinter csv = new CSVPrinter(text, CSVFormat.POSTGRESQL_CSV)) {
                for (ProductRow r : batch) {
                    csv.printRecord(
                            r.getSku(),
                            r.getName(),
                            r.getDescription(),
                            r.getCategory(),
                            r.getPriceMinor(),
                            r.getCurrency(),
                            r.getStock(),
                            r.getActive(),
                            JSON.writeValueAsString(r.getAttributesMap()),
                            instant(r));
                }
            }
            c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(
                            "COPY staging (" + COLUMNS + ") FROM STDIN WITH (FORMAT csv)",
                            new StringReader(text.toString()));
            merge.executeUpdate();
            c.commit();
        };
    }

    private static Instant instant(ProductRow r) {
        return Instant.ofEpochSecond(
                r.getUpdatedAt().getSeconds(), r.getUpdatedAt().getNanos());
    }
}
