package dev.productingest.perf;

import dev.productingest.server.embedded.EmbeddedPostgresServer;
import dev.productingest.server.embedded.EmbeddedRedisServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * GET /products/{sku} against two server processes over the same PostgreSQL, Redis and rows: one
 * with the near cache (the default), one with it off (every read a PostgreSQL query), and the
 * cached server's admin {@code /ping} as the HTTP stack's own ceiling. Alternating rounds of wrk
 * (Debian's package: apt-get install wrk), the same random hot SKUs for both servers.
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
            try (ServerProcess cached = ServerProcess.start(repo, url, redis.url(), work.resolve("reads-cached.log"), "1g");
                 ServerProcess uncached = ServerProcess.start(repo, url, redis.url(), work.resolve("reads-uncached.log"), "1g",
                         Map.of("PRODUCT_CACHE_ENTRIES", "0"))) {
                List<Round> on = new ArrayList<>();
                List<Round> off = new ArrayList<>();
                List<Round> ping = new ArrayList<>();
                String pingUrl = "http://localhost:" + cached.adminPort() + "/ping";
                Path script = wrkScript(work);
                // Warm-up: the JIT on both servers (a cold server answers at a fifth of its warm rate), and
                // the near cache with every hot SKU.
                round(products(cached), Duration.ofSeconds(warmup), script);
                round(products(uncached), Duration.ofSeconds(warmup), script);
                round(pingUrl, Duration.ofSeconds(warmup), null);
                for (int r = 0; r < rounds; r++) {
                    on.add(round(products(cached), Duration.ofSeconds(seconds), script));
                    off.add(round(products(uncached), Duration.ofSeconds(seconds), script));
                    ping.add(round(pingUrl, Duration.ofSeconds(seconds), null));
                    Bench.log("round %d: cache on %s, cache off %s, /ping %s", r + 1, on.get(r), off.get(r), ping.get(r));
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

    /** What one round of wrk measured. */
    record Round(double perSecond, double p50Micros, double p99Micros, long errors) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,.0f req/s, p50 %.0f us, p99 %.0f us", perSecond, p50Micros, p99Micros);
        }
    }

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([\\d.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    private static String products(ServerProcess server) {
        return "http://localhost:" + server.httpPort();
    }

    /** wrk (Debian's package) over kept-alive connections: random hot SKUs with the script, the URL itself without. */
    private Round round(String url, Duration length, Path script) throws Exception {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + length.toSeconds() + "s", "--latency"));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        Matcher rate = RATE.matcher(out);
        if (!rate.find()) {
            throw new IllegalStateException("no Requests/sec in wrk's output: " + out);
        }
        Map<String, Double> percentiles = new HashMap<>();
        Matcher p = PERCENTILE.matcher(out);
        while (p.find()) {
            double value = Double.parseDouble(p.group(2));
            percentiles.put(p.group(1), switch (p.group(3)) {
                case "us" -> value;
                case "ms" -> value * 1_000;
                default -> value * 1_000_000;
            });
        }
        Matcher errors = ERRORS.matcher(out);
        long failed = errors.find() ? Long.parseLong(errors.group(1)) : 0;
        if (failed > 0) {
            throw new IllegalStateException(failed + " reads did not answer 200: " + out);
        }
        return new Round(Double.parseDouble(rate.group(1)), percentiles.get("50"), percentiles.get("99"), failed);
    }

    private Path wrkScript(Path work) throws Exception {
        Path script = work.resolve("reads.lua");
        Files.writeString(script, String.format(Locale.ROOT, """
                math.randomseed(%d)
                request = function()
                  return wrk.format("GET", string.format("/products/SKU-%%09d", math.random(0, %d)))
                end
                """, seed, Math.min(hot, rows) - 1));
        return script;
    }

    private List<String> table(List<Round> on, List<Round> off, List<Round> ping) {
        List<String> lines = new ArrayList<>(List.of(
                String.format(Locale.ROOT, "### GET /products/{sku}: %,d products, %,d hot SKUs, wrk -t2 -c%d, %d rounds of %d s, %s",
                        rows, hot, connections, rounds, seconds, LocalDate.now()),
                "", "| | requests/s (median) | p50 µs (median) | p99 µs (median) | rounds (req/s) |", "|---|---:|---:|---:|---|"));
        lines.add(row("near cache on (default)", on));
        lines.add(row("near cache off (PRODUCT_CACHE_ENTRIES=0)", off));
        lines.add(row("admin /ping (the HTTP stack alone)", ping));
        lines.add(String.format(Locale.ROOT, "| **cache on / cache off** | **%.2f** | | | |", rate(on) / rate(off)));
        lines.add(String.format(Locale.ROOT, "| **cache on / /ping** | **%.2f** | | | |", rate(on) / rate(ping)));
        lines.add("");
        return lines;
    }

    private static double rate(List<Round> rounds) {
        return median(rounds.stream().mapToDouble(Round::perSecond).toArray());
    }

    private static String row(String name, List<Round> rounds) {
        return String.format(Locale.ROOT, "| %s | %,.0f | %.0f | %.0f | %s |", name, median(rounds.stream().mapToDouble(Round::perSecond).toArray()),
                median(rounds.stream().mapToDouble(Round::p50Micros).toArray()), median(rounds.stream().mapToDouble(Round::p99Micros).toArray()),
                String.join(", ", rounds.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r.perSecond())).toList()));
    }

    private static double median(double[] values) {
        return Bench.median(values);
    }
}
