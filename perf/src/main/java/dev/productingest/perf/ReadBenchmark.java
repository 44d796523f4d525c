package dev.productingest.perf;

import dev.productingest.client.sample.CatalogGenerator;
import dev.productingest.server.embedded.EmbeddedPostgresServer;
import dev.productingest.server.embedded.EmbeddedRedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * GET /products/{sku} against two server processes over the same PostgreSQL, Redis and rows: one as configured by
 * default, one with {@code --other}'s environment (by default the near cache off: every read a PostgreSQL query), and
 * the first server's admin {@code /ping} as the HTTP stack's own ceiling. Alternating rounds of wrk (Debian's package:
 * apt-get install wrk), the same random hot SKUs for both servers.
 */
@Command(name = "reads", mixinStandardHelpOptions = true)
public final class ReadBenchmark implements Callable<Integer> {
    @Option(names = "--rows", defaultValue = "100000", description = "products in the table")
    long rows;

    @Option(names = "--hot", defaultValue = "10000", description = "distinct SKUs the readers ask for")
    int hot;

    @Option(names = "--connections", defaultValue = "16", description = "wrk's open connections")
    int connections;

    @Option(names = "--seconds", defaultValue = "10", description = "length of each measured round")
    int seconds;

    @Option(names = "--rounds", defaultValue = "3")
    int rounds;

    @Option(names = "--warmup", defaultValue = "15", description = "seconds of unmeasured reads on each server first")
    int warmup;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(
            names = "--other",
            defaultValue = "PRODUCT_CACHE_ENTRIES=0",
            description = "the second server's environment, NAME=VALUE: by default the near cache off;"
                    + " PRODUCT_HITS_BEFORE_JERSEY=false compares the cached reads Jersey answers")
    String other;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReadBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path repo = Bench.repoRoot();
        Path work = Files.createDirectories(repo.resolve("perf/target/bench"));
        Path copyCsv = work.resolve("catalog-" + rows + "-" + seed + ".copy.csv");
        if (!Files.exists(copyCsv)) {
            CatalogFiles.writeCopyCsv(new CatalogGenerator(rows, seed), copyCsv);
        }
        Bench.deleteRecursively(work.resolve("reads-pg"));
        Bench.deleteRecursively(work.resolve("reads-redis"));
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(work.resolve("reads-pg"), false);
        EmbeddedRedisServer redis = EmbeddedRedisServer.start(work.resolve("reads-redis"));
        List<String> report = new ArrayList<>();
        try {
            String url = Bench.createDatabase(pg);
            Bench.copy(url, copyCsv);
            try (ServerProcess cached =
                            ServerProcess.start(repo, url, redis.url(), work.resolve("reads-cached.log"), "1g");
                    ServerProcess uncached = ServerProcess.start(
                            repo,
                            url,
                            redis.url(),
                            work.resolve("reads-uncached.log"),
                            "1g",
                            Map.of(other.substring(0, other.indexOf('=')), other.substring(other.indexOf('=') + 1)))) {
                List<Wrk.Round> on = new ArrayList<>();
                List<Wrk.Round> off = new ArrayList<>();
                List<Wrk.Round> ping = new ArrayList<>();
                String pingUrl = "http://localhost:" + cached.adminPort() + "/ping";
                Wrk wrk = new Wrk(connections);
                Path script = Wrk.productsScript(work, seed, Math.min(hot, rows));
                // Warm-up: the JIT on both servers (a cold server answers at a fifth of its warm rate), and
                // the near cache with every hot SKU.
                wrk.round(products(cached), Duration.ofSeconds(warmup), script);
                wrk.round(products(uncached), Duration.ofSeconds(warmup), script);
                wrk.round(pingUrl, Duration.ofSeconds(warmup), null);
                for (int r = 0; r < rounds; r++) {
                    on.add(wrk.round(products(cached), Duration.ofSeconds(seconds), script));
                    off.add(wrk.round(products(uncached), Duration.ofSeconds(seconds), script));
                    ping.add(wrk.round(pingUrl, Duration.ofSeconds(seconds), null));
                    Bench.log(
                            "round %d: default %s, %s %s, /ping %s", r + 1, on.get(r), other, off.get(r), ping.get(r));
                }
                report.addAll(table(on, off, ping));
            }
        } finally {
            redis.stop();
            pg.stop();
        }
        String markdown = String.join("\n", report) + "\n";
        Files.writeString(work.resolve("reads.md"), markdown);
        System.out.println(markdown);
        return 0;
    }

    private static String products(ServerProcess server) {
        return "http://localhost:" + server.httpPort();
    }

    private List<String> table(List<Wrk.Round> on, List<Wrk.Round> off, List<Wrk.Round> ping) {
        List<String> lines = new ArrayList<>(List.of(
                String.format(
                        Locale.ROOT,
                        "### GET /products/{sku}: %,d products, %,d hot SKUs, wrk -t2 -c%d, %d rounds of %d s, %s",
                        rows,
                        hot,
                        connections,
                        rounds,
                        seconds,
                        LocalDate.now()),
                "",
                "| | requests/s (median) | p50 µs (median) | p99 µs (median) | rounds (req/s) |",
                "|---|---:|---:|---:|---|"));
        lines.add(row("default configuration", on));
        lines.add(row(other, off));
        lines.add(row("admin /ping (the HTTP stack alone)", ping));
        lines.add(String.format(
                Locale.ROOT,
                "| **default / " + other + "** | **%.2f** | | | |",
                Wrk.medianRate(on) / Wrk.medianRate(off)));
        lines.add(String.format(
                Locale.ROOT, "| **default / /ping** | **%.2f** | | | |", Wrk.medianRate(on) / Wrk.medianRate(ping)));
        lines.add(String.format(
                Locale.ROOT, "| **%s / /ping** | **%.2f** | | | |", other, Wrk.medianRate(off) / Wrk.medianRate(ping)));
        lines.add("");
        return lines;
    }

    private static String row(String name, List<Wrk.Round> rounds) {
        return String.format(
                Locale.ROOT,
                "| %s | %,.0f | %.0f | %.0f | %s |",
                name,
                Wrk.medianRate(rounds),
                Wrk.medianP50(rounds),
                Wrk.medianP99(rounds),
                String.join(
                        ", ",
                        rounds.stream()
                                .map(r -> String.format(Locale.ROOT, "%,.0f", r.perSecond()))
                                .toList()));
    }
}
