package dev.productingest.perf;

import dev.productingest.server.embedded.EmbeddedPostgresServer;
import dev.productingest.server.embedded.EmbeddedRedisServer;
import dev.productingest.server.store.Migrations;
import io.dropwizard.db.DataSourceFactory;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A fresh load of one generated catalog through the CLI and the server (separate JVMs, real
 * socket), against PostgreSQL's own COPY of the same rows into the same empty table, alternating,
 * on one embedded PostgreSQL. Also times each candidate upsert statement alone.
 */
@Command(name = "fresh-load", mixinStandardHelpOptions = true)
public final class FreshLoadBenchmark implements Callable<Integer> {
    @Option(names = "--rows", defaultValue = "1000000")
    long rows;

    @Option(names = "--runs", defaultValue = "3")
    int runs;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--batch-rows", defaultValue = "5000", description = "batch size for the upsert-form comparison")
    int batchRows;

    @Option(names = "--skip-forms", description = "skip the upsert-form comparison")
    boolean skipForms;

    @Option(names = "--naive-rows", defaultValue = "20000",
            description = "rows the row-by-row baseline writes (it would take minutes over the whole catalog)")
    long naiveRows;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FreshLoadBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path repo = Bench.repoRoot();
        Path work = Files.createDirectories(repo.resolve("perf/target/bench"));
        Path producerCsv = work.resolve("catalog-" + rows + "-" + seed + ".csv");
        Path copyCsv = work.resolve("catalog-" + rows + "-" + seed + ".copy.csv");
        Path changedCsv = work.resolve("catalog-" + rows + "-" + seed + "-r1.csv");
        if (!Files.exists(producerCsv) || !Files.exists(copyCsv)) {
            Bench.log("generating %,d rows (seed %d)", rows, seed);
            CatalogFiles.writeProducerCsv(new CatalogGenerator(rows, seed), producerCsv);
            CatalogFiles.writeCopyCsv(new CatalogGenerator(rows, seed), copyCsv);
        }
        if (!Files.exists(changedCsv)) {
            CatalogFiles.writeProducerCsv(new CatalogGenerator(rows, seed, 1), changedCsv);
        }
        Bench.deleteRecursively(work.resolve("pg"));
        Bench.deleteRecursively(work.resolve("redis"));
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(work.resolve("pg"), false);
        EmbeddedRedisServer redis = EmbeddedRedisServer.start(work.resolve("redis"));
        List<String> report = new ArrayList<>();
        try {
            String url = Bench.createDatabase(pg);
            if (!skipForms) {
                report.addAll(compareUpsertForms(url, copyCsv));
                report.addAll(categoryIndexCost(url, copyCsv));
            }
            report.addAll(compareWithCopy(repo, work, url, redis.url(), producerCsv, copyCsv, changedCsv));
        } finally {
            redis.stop();
            pg.stop();
        }
        String markdown = String.join("\n", report) + "\n";
        Files.writeString(work.resolve("fresh-load.md"), markdown);
        System.out.println(markdown);
        return 0;
    }

    private List<String> compareUpsertForms(String url, Path copyCsv) throws Exception {
        Jdbi jdbi = Jdbi.create(url);
        List<String> lines = new ArrayList<>(List.of(
                "### Upsert forms: " + String.format(Locale.ROOT, "%,d", rows) + " rows into an empty table, batches of " + batchRows + ", one writer",
                "", "| form | rows/s | vs COPY |", "|---|---:|---:|"));
        truncate(url);
        double copy = rowsPerSecond(() -> Bench.copy(url, copyCsv));
        String[] names = {"unnest arrays (one statement)", "lock-read + COPY into products (the service's write)", "JDBC batch, reWriteBatchedInserts", "COPY into staging + INSERT SELECT"};
        for (int f = 0; f < names.length; f++) {
            truncate(url);
            UpsertForms.Form form = switch (f) {
                case 0 -> UpsertForms.unnestArrays(jdbi);
                case 1 -> UpsertForms.lockThenCopy(jdbi);
                case 2 -> UpsertForms.rewrittenJdbcBatch(url);
                default -> UpsertForms.copyIntoStaging(url);
            };
            double rps = UpsertForms.measure(new CatalogGenerator(rows, seed), batchRows, form);
            Bench.log("%s: %,.0f rows/s", names[f], rps);
            lines.add(String.format(Locale.ROOT, "| %s | %,.0f | %.2f |", names[f], rps, rps / copy));
        }
        truncate(url);
        double jdbiBatch = UpsertForms.measure(new CatalogGenerator(rows, seed), batchRows, UpsertForms.jdbiBatch(jdbi));
        Bench.log("plain JDBI batch: %,.0f rows/s", jdbiBatch);
        lines.add(String.format(Locale.ROOT, "| plain JDBI prepared batch, ON CONFLICT (baseline) | %,.0f | %.2f |", jdbiBatch, jdbiBatch / copy));
        truncate(url);
        long sample = Math.min(rows, naiveRows);
        double naive = UpsertForms.measure(new CatalogGenerator(sample, seed), batchRows, UpsertForms.rowByRow(url));
        Bench.log("row by row (%,d rows): %,.0f rows/s", sample, naive);
        lines.add(String.format(Locale.ROOT, "| row by row, autocommit, ON CONFLICT (naive baseline, first %,d rows) | %,.0f | %.3f |", sample, naive,
                naive / copy));
        lines.add(String.format(Locale.ROOT, "| COPY FROM STDIN (the limit) | %,.0f | 1.00 |", copy));
        lines.add("");
        return lines;
    }

    /** COPY into the table with and without the (category, sku) index that GET /products?category= pages through. */
    private List<String> categoryIndexCost(String url, Path copyCsv) throws Exception {
        truncate(url);
        Bench.execute(url, "DROP INDEX products_category_sku");
        double without = rowsPerSecond(() -> Bench.copy(url, copyCsv));
        truncate(url);
        Bench.execute(url, "CREATE INDEX products_category_sku ON products (category, sku)");
        double with = rowsPerSecond(() -> Bench.copy(url, copyCsv));
        Bench.log("COPY without the category index: %,.0f rows/s, with it: %,.0f rows/s", without, with);
        return List.of("### What the category index costs a fresh load", "",
                "| COPY FROM STDIN into products | rows/s |", "|---|---:|",
                String.format(Locale.ROOT, "| primary key only | %,.0f |", without),
                String.format(Locale.ROOT, "| primary key + (category, sku) | %,.0f (%.2f of the above) |", with, with / without), "");
    }

    private List<String> compareWithCopy(Path repo, Path work, String url, String redisUrl, Path producerCsv, Path copyCsv,
            Path changedCsv) throws Exception {
        double[] service = new double[runs];
        double[] copy = new double[runs];
        double cold;
        double unchanged;
        double changed;
        Map<String, Long> redisCommands = new TreeMap<>();
        try (ServerProcess server = ServerProcess.start(repo, url, redisUrl, work.resolve("server.log"), "1g");
             RedisCommandCount commands = new RedisCommandCount(redisUrl)) {
            // The first load on a fresh server runs while its JIT compiles the hot paths. A server
            // lives for days, so that load is reported on its own line and not counted in the runs.
            truncate(url);
            cold = rowsPerSecond(() -> cliLoad(repo, work, server.grpcPort(), producerCsv, "fresh-cold"));
            Bench.log("first load on a fresh server: %,.0f rows/s", cold);
            for (int run = 0; run < runs; run++) {
                truncate(url);
                final int r = run;
                Map<String, Long> before = commands.now();
                service[run] = rowsPerSecond(() -> cliLoad(repo, work, server.grpcPort(), producerCsv, "fresh-" + r));
                RedisCommandCount.difference(before, commands.now()).forEach((command, calls) -> redisCommands.merge(command, calls, Long::sum));
                truncate(url);
                copy[run] = rowsPerSecond(() -> Bench.copy(url, copyCsv));
                Bench.log("run %d: service %,.0f rows/s, COPY %,.0f rows/s, ratio %.2f", run + 1, service[run], copy[run], service[run] / copy[run]);
            }
            // The table now holds the catalog as COPY wrote it: load it again (every row unchanged),
            // then its next revision (every row newer and different).
            unchanged = rowsPerSecond(() -> cliLoad(repo, work, server.grpcPort(), producerCsv, "reload-unchanged"));
            changed = rowsPerSecond(() -> cliLoad(repo, work, server.grpcPort(), changedCsv, "reload-changed"));
            Bench.log("re-load unchanged %,.0f rows/s, fully changed %,.0f rows/s", unchanged, changed);
        }
        double[] ratios = new double[runs];
        for (int i = 0; i < runs; i++) {
            ratios[i] = service[i] / copy[i];
        }
        List<String> lines = new ArrayList<>(List.of(
                "### Fresh load: " + String.format(Locale.ROOT, "%,d", rows) + " rows, CLI -> server (gRPC) -> PostgreSQL vs COPY, "
                        + runs + " alternating runs, " + LocalDate.now(),
                "", "| | median rows/s | runs |", "|---|---:|---|",
                row("service (CLI load, default config)", service),
                row("COPY FROM STDIN, same rows, same empty table", copy),
                String.format(Locale.ROOT, "| **ratio service / COPY** | **%.2f** | %s |", Bench.median(ratios), list(ratios, "%.2f")),
                String.format(Locale.ROOT, "| first load on a fresh server (JIT cold, not in the runs) | %,.0f | %.2f of the COPY median |",
                        cold, cold / Bench.median(copy)), ""));
        lines.addAll(List.of("### Re-loads of the same " + String.format(Locale.ROOT, "%,d", rows) + " SKUs, one run each", "",
                "| re-load through the CLI | rows/s |", "|---|---:|",
                String.format(Locale.ROOT, "| every row unchanged (writes nothing) | %,.0f |", unchanged),
                String.format(Locale.ROOT, "| every row newer and different (UPDATE) | %,.0f |", changed),
                String.format(Locale.ROOT, "| **unchanged / changed** | **%.2f** |", unchanged / changed), ""));
        long total = redisCommands.values().stream().mapToLong(Long::longValue).sum();
        double perMillion = 1e6 / ((double) rows * runs);
        lines.add(String.format(Locale.ROOT, "Redis commands per 1M rows ingested (default batches): %,.0f (%s)", total * perMillion,
                redisCommands.entrySet().stream().map(e -> e.getKey() + " " + Math.round(e.getValue() * perMillion)).toList()));
        lines.add("");
        return lines;
    }

    private void cliLoad(Path repo, Path work, int port, Path csv, String jobId) throws Exception {
        Process p = new ProcessBuilder("java", "-jar", repo.resolve("client-sdk/target/product-ingest-cli.jar").toString(),
                "load", csv.toString(), "--server", "localhost:" + port, "--job-id", jobId)
                .redirectErrorStream(true).redirectOutput(work.resolve("cli-" + jobId + ".log").toFile()).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the CLI load exited " + p.exitValue() + ": " + Files.readString(work.resolve("cli-" + jobId + ".log")));
        }
    }

    private double rowsPerSecond(ThrowingRunnable load) throws Exception {
        long started = System.nanoTime();
        load.run();
        return rows / ((System.nanoTime() - started) / 1e9);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void truncate(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("TRUNCATE products, ingest_jobs, ingest_rejects");
            s.execute("CHECKPOINT");
        }
    }

    private static String row(String name, double[] values) {
        return String.format(Locale.ROOT, "| %s | %,.0f | %s |", name, Bench.median(values), list(values, "%,.0f"));
    }

    private static String list(double[] values, String format) {
        List<String> parts = new ArrayList<>();
        for (double v : values) {
            parts.add(String.format(Locale.ROOT, format, v));
        }
        return String.join(", ", parts);
    }

}
