package dev.productingest.perf;

import dev.productingest.client.sample.CatalogGenerator;
import dev.productingest.client.sample.CatalogSpec;
import dev.productingest.server.embedded.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Each candidate upsert statement alone, without the service, against COPY of the same rows into the same empty table;
 * and what the (category, sku) index costs COPY. How the service's write was chosen (perf/NOTES.md); the suite measures
 * the service itself.
 */
@Command(name = "upsert-forms", mixinStandardHelpOptions = true)
public final class UpsertFormsBenchmark implements Callable<Integer> {
    @Option(names = "--rows", defaultValue = "1000000")
    long rows;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--batch-rows", defaultValue = "5000", description = "batch size for the upsert-form comparison")
    int batchRows;

    @Option(
            names = "--naive-rows",
            defaultValue = "20000",
            description = "rows the row-by-row baseline writes (it would take minutes over the whole catalog)")
    long naiveRows;

    public static void main(String[] args) {
        System.exit(new CommandLine(new UpsertFormsBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path work = Files.createDirectories(Bench.repoRoot().resolve("perf/target/bench"));
        Path copyCsv = work.resolve(CatalogSpec.of(rows, seed).fileName() + ".copy.csv");
        if (!Files.exists(copyCsv)) {
            Bench.log("generating %,d rows (seed %d)", rows, seed);
            CatalogFiles.writeCopyCsv(new CatalogGenerator(rows, seed), copyCsv);
        }
        Bench.deleteRecursively(work.resolve("pg"));
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(work.resolve("pg"), false);
        List<String> report = new ArrayList<>();
        try {
            String url = Bench.createDatabase(pg);
            report.addAll(compareUpsertForms(url, copyCsv));
            report.addAll(categoryIndexCost(url, copyCsv));
        } finally {
            pg.stop();
        }
        String markdown = String.join("\n", report) + "\n";
        Files.writeString(work.resolve("upsert-forms.md"), markdown);
        System.out.println(markdown);
        return 0;
    }

    private List<String> compareUpsertForms(String url, Path copyCsv) throws Exception {
        Jdbi jdbi = Jdbi.create(url);
        List<String> lines = new ArrayList<>(List.of(
                "### Upsert forms: " + String.format(Locale.ROOT, "%,d", rows)
                        + " rows into an empty table, batches of " + batchRows + ", one writer",
                "",
                "| form | rows/s | vs COPY |",
                "|---|---:|---:|"));
        Bench.truncate(url);
        double copy = rowsPerSecond(() -> Bench.copy(url, copyCsv));
        String[] names = {
            "unnest arrays (one statement)",
            "lock-read + COPY into products (the service's write)",
            "JDBC batch, reWriteBatchedInserts",
            "COPY into staging + INSERT SELECT"
        };
        for (int f = 0; f < names.length; f++) {
            Bench.truncate(url);
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
        Bench.truncate(url);
        double jdbiBatch =
                UpsertForms.measure(new CatalogGenerator(rows, seed), batchRows, UpsertForms.jdbiBatch(jdbi));
        Bench.log("plain JDBI batch: %,.0f rows/s", jdbiBatch);
        lines.add(String.format(
                Locale.ROOT,
                "| plain JDBI prepared batch, ON CONFLICT (baseline) | %,.0f | %.2f |",
                jdbiBatch,
                jdbiBatch / copy));
        Bench.truncate(url);
        long sample = Math.min(rows, naiveRows);
        double naive = UpsertForms.measure(new CatalogGenerator(sample, seed), batchRows, UpsertForms.rowByRow(url));
        Bench.log("row by row (%,d rows): %,.0f rows/s", sample, naive);
        lines.add(String.format(
                Locale.ROOT,
                "| row by row, autocommit, ON CONFLICT (naive baseline, first %,d rows) | %,.0f | %.3f |",
                sample,
                naive,
                naive / copy));
        lines.add(String.format(Locale.ROOT, "| COPY FROM STDIN (the limit) | %,.0f | 1.00 |", copy));
        lines.add("");
        return lines;
    }

    /** COPY into the table with and without the (category, sku) index that GET /products?category= pages through. */
    private List<String> categoryIndexCost(String url, Path copyCsv) throws Exception {
        Bench.truncate(url);
        Bench.execute(url, "DROP INDEX products_category_sku");
        double without = rowsPerSecond(() -> Bench.copy(url, copyCsv));
        Bench.truncate(url);
        Bench.execute(url, "CREATE INDEX products_category_sku ON products (category, sku)");
        double with = rowsPerSecond(() -> Bench.copy(url, copyCsv));
        Bench.log("COPY without the category index: %,.0f rows/s, with it: %,.0f rows/s", without, with);
        return List.of(
                "### What the category index costs a fresh load",
                "",
                "| COPY FROM STDIN into products | rows/s |",
                "|---|---:|",
                String.format(Locale.ROOT, "| primary key only | %,.0f |", without),
                String.format(
                        Locale.ROOT,
                        "| primary key + (category, sku) | %,.0f (%.2f of the above) |",
                        with,
                        with / without),
                "");
    }

    private double rowsPerSecond(ThrowingRunnable load) throws Exception {
        long started = System.nanoTime();
        load.run();
        return rows / ((System.nanoTime() - started) / 1e9);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
