package dev.productingest.perf;

import dev.productingest.client.sample.CatalogGenerator;
import dev.productingest.client.sample.CatalogSpec;
import dev.productingest.server.embedded.EmbeddedPostgresServer;
import dev.productingest.server.embedded.EmbeddedRedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One load's rate through the server jars of several builds, in alternating rounds on one PostgreSQL, so that a change
 * is measured against the build before it on the same machine at the same time: {@code MODE ROWS ROUNDS REPO...}, each
 * REPO a checkout with its server and CLI jars built (and its config.yml). MODE: {@code plain} (the suite's plain
 * catalog, fresh), {@code rich} (300-word descriptions, about 2 KB a row, fresh), {@code update} (the suite's catalog
 * loaded, then every row changed: the timed load) or {@code warm-update} (the same, then every row changed again: the
 * timed load, on a server whose changed path is compiled already, as a server that has run for a while, and the suite's
 * re-loads, have it) or {@code unchanged} (the suite's catalog loaded, then the same catalog again: the timed load,
 * every row the stored version). The server runs with a 256 MB heap, the CLI with 128 MB.
 *
 * <p>Odd rounds run the builds in reverse order, so that whatever a load leaves behind for the next one (PostgreSQL's
 * background writes, the page cache) is not always charged to the same build; the medians close the output. Each load
 * also gives the CPU seconds per 1M rows PostgreSQL, the server and the CLI spent on it: on shared cores a slower build
 * is one that spends more somewhere, and this says where.
 */
public final class LoadRateComparison {
    private LoadRateComparison() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        long rows = Long.parseLong(args[1]);
        int rounds = Integer.parseInt(args[2]);
        List<Path> repos = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            repos.add(Path.of(args[i]).toAbsolutePath());
        }
        Path dir = Bench.repoRoot().resolve("perf/target/load-rate");
        Files.createDirectories(dir);
        CatalogSpec first = CatalogSpec.of(rows, 42);
        CatalogSpec spec = switch (mode) {
            case "plain" -> first.plain();
            case "rich" -> new CatalogSpec(rows, 42, 0, first.revision(), 0, 0, 0, 300, true);
            case "update", "warm-update", "unchanged" -> first;
            default ->
                throw new IllegalArgumentException(
                        "MODE is plain, rich, update, warm-update or unchanged, not " + mode);
        };
        // The loads before the timed one, untimed, and the timed one.
        List<Path> before = new ArrayList<>();
        Path timed = catalog(dir, spec);
        if (mode.equals("update") || mode.equals("warm-update")) {
            before.add(timed);
            timed = catalog(dir, spec.revision(2, 1.0));
        }
        if (mode.equals("warm-update")) {
            before.add(timed);
            timed = catalog(dir, spec.revision(3, 1.0));
        }
        if (mode.equals("unchanged")) {
            before.add(timed);
        }
        Bench.deleteRecursively(dir.resolve("pg"));
        Bench.deleteRecursively(dir.resolve("redis"));
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"), true);
        EmbeddedRedisServer redis = EmbeddedRedisServer.start(dir.resolve("redis"));
        double[][] rates = new double[repos.size()][rounds];
        CpuUse[] cpu = new CpuUse[repos.size()];
        Arrays.fill(cpu, CpuUse.NONE);
        try {
            String url = Bench.createDatabase(pg);
            long postmaster = CpuUse.postmasterPid(pg.dataDirectory());
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < repos.size(); k++) {
                    int r = round % 2 == 0 ? k : repos.size() - 1 - k;
                    Path repo = repos.get(r);
                    Bench.truncate(url);
                    try (ServerProcess server = ServerProcess.start(
                            repo, url, redis.url(), dir.resolve("server-" + round + "-" + r + ".log"), "256m")) {
                        String job = mode + "-" + round + "-" + r;
                        for (int b = 0; b < before.size(); b++) {
                            CliLoad.awaitAll(List.of(CliLoad.start(
                                    repo,
                                    dir,
                                    server.target(),
                                    before.get(b),
                                    job + "-before-" + b,
                                    "128m",
                                    List.of())));
                        }
                        double startedAt = server.uptimeSeconds();
                        CpuUse.Meter meter = CpuUse.start(postmaster, List.of(server.pid()));
                        long start = System.nanoTime();
                        CliLoad.awaitAll(
                                List.of(CliLoad.start(repo, dir, server.target(), timed, job, "128m", List.of())));
                        double seconds = (System.nanoTime() - start) / 1e9;
                        CpuUse used = meter.stop();
                        rates[r][round] = rows / seconds;
                        cpu[r] = cpu[r].plus(used);
                        System.out.printf(
                                "%s round %d %s: %,.0f rows/s (%.1f s), CPU s per 1M rows: %s; server %s%n",
                                mode,
                                round + 1,
                                repo,
                                rows / seconds,
                                seconds,
                                perMillion(used, rows),
                                server.gcLog(startedAt, server.uptimeSeconds()));
                    }
                }
            }
        } finally {
            redis.stop();
            pg.stop();
        }
        for (int r = 0; r < repos.size(); r++) {
            double median = Bench.median(rates[r]);
            System.out.printf(
                    "%s median of %d rounds %s: %,.0f rows/s (%+.1f%% against the first); CPU s per 1M rows over all rounds: %s%n",
                    mode,
                    rounds,
                    repos.get(r),
                    median,
                    100 * (median / Bench.median(rates[0]) - 1),
                    perMillion(cpu[r], rows * rounds));
        }
    }

    private static String perMillion(CpuUse used, long rows) {
        double scale = 1e6 / rows;
        return String.format(
                Locale.ROOT,
                "PostgreSQL %.2f, server %.2f, CLI %.2f",
                used.postgres() * scale,
                used.servers() * scale,
                used.producers() * scale);
    }

    private static Path catalog(Path dir, CatalogSpec spec) throws Exception {
        Path file = dir.resolve(spec.fileName() + ".csv");
        if (!Files.exists(file)) {
            CatalogFiles.writeProducerCsv(new CatalogGenerator(spec), file);
        }
        return file;
    }
}
