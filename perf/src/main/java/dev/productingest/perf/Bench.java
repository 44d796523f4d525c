package dev.productingest.perf;

import dev.productingest.server.embedded.EmbeddedPostgresServer;
import dev.productingest.server.store.DatabaseSessionsConfiguration;
import dev.productingest.server.store.Migrations;
import dev.productingest.server.store.ProductStore;
import io.dropwizard.db.DataSourceFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.postgresql.PGConnection;

/** What every benchmark here does the same way: find the repository, set up the database, COPY, report. */
final class Bench {
    static final String COLUMNS =
            "sku, name, description, category, price_minor, currency, stock, active, attributes, updated_at";

    private Bench() {}

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("config.yml")) && Files.exists(dir.resolve("perf")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the product-ingest repository");
        }
        return dir;
    }

    /** A database "bench" on the server, with the service's schema. */
    static String createDatabase(EmbeddedPostgresServer pg) throws Exception {
        execute(pg.jdbcUrl(), "CREATE DATABASE bench");
        String url = pg.jdbcUrl("bench");
        DataSourceFactory db = new DataSourceFactory();
        db.setUrl(url);
        db.setUser("postgres");
        Migrations.apply(db, new DatabaseSessionsConfiguration().settings());
        return url;
    }

    /** PostgreSQL's own bulk load of a COPY CSV into products: the physical limit. */
    static void copy(String url, Path copyCsv) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            copyInto(c, "products", copyCsv);
        }
    }

    private static void copyInto(Connection c, String table, Path copyCsv) throws Exception {
        try (BufferedReader in = Files.newBufferedReader(copyCsv, StandardCharsets.UTF_8)) {
            c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("COPY " + table + " (" + COLUMNS + ") FROM STDIN WITH (FORMAT csv)", in);
        }
    }

    // PostgreSQL's own upsert of the rows in "incoming": newer rows overwrite, older ones are left,
    // and a product is written whole as the service's whole-row UPDATE writes it.
    private static final String UPSERT = "INSERT INTO products AS p (" + COLUMNS + ") SELECT " + COLUMNS
            + " FROM incoming ON CONFLICT (sku) DO UPDATE SET " + ProductStore.writeWholeProduct("excluded")
            + " WHERE p.updated_at < excluded.updated_at";

    /**
     * PostgreSQL's own upsert of a COPY CSV over the stored products, in one transaction: COPY into a temporary table,
     * then one {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE} newer. The limit of the changed path.
     *
     * @return the rows it inserted or overwrote
     */
    static long upsert(String url, Path copyCsv) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE incoming (LIKE products INCLUDING DEFAULTS) ON COMMIT DROP");
                copyInto(c, "incoming", copyCsv);
                long written = s.executeLargeUpdate(UPSERT);
                c.commit();
                return written;
            }
        }
    }

    static void execute(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Empties the tables a load writes, and checkpoints so the next load does not pay for this one's dirty pages. */
    static void truncate(String url) throws Exception {
        execute(url, "TRUNCATE products, ingest_jobs, ingest_rejects");
        execute(url, "CHECKPOINT");
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static void deleteRecursively(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, format + "%n", args);
    }

    /**
     * The start of the command line of a server or CLI JVM: its heap cap and its GC log; with {@code -Dperf.jfr=<dir>},
     * also a JFR profile in that directory named after the GC log, to see what limits a scenario.
     */
    static List<String> java(String heap, Path gcLog) throws IOException {
        // As README runs the server: a JVM that runs out of memory exits, to be restarted.
        List<String> command =
                new ArrayList<>(List.of("java", "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", GcLog.option(gcLog)));
        String profiles = System.getProperty("perf.jfr");
        if (profiles != null) {
            Path dir = Files.createDirectories(Path.of(profiles).toAbsolutePath());
            command.add(
                    "-XX:StartFlightRecording:settings=profile,filename=" + dir.resolve(gcLog.getFileName() + ".jfr"));
        }
        return command;
    }
}
