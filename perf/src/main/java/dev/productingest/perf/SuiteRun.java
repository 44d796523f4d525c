package dev.productingest.perf;

import dev.productingest.server.embedded.EmbeddedPostgresServer;
import dev.productingest.server.embedded.EmbeddedRedisServer;
import dev.productingest.server.testing.RedisCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * One run of the whole suite: the catalogs, a durable PostgreSQL and a Redis of its own, three servers warmed up, every
 * per-run scenario {@code runs} times, then the memory scenarios, each on a server of its own.
 */
final class SuiteRun {
    private final Path repo;
    private final Path dir;
    private final SuiteSettings settings;

    /** @param dir where the catalogs, the stores' data and the logs go */
    SuiteRun(Path repo, Path dir, SuiteSettings settings) {
        this.repo = repo;
        this.dir = dir;
        this.settings = settings;
    }

    SuiteResult run() throws Exception {
        long catalogRows = settings.rows();
        int runCount = settings.runs();
        SuiteCatalogs catalogs = SuiteCatalogs.generate(dir, catalogRows, settings.seed(), settings.bigRows());
        ReadRounds reads = Wrk.installed()
                ? new ReadRounds(
                        dir,
                        settings.seed(),
                        catalogRows,
                        Duration.ofSeconds(settings.quick() ? 3 : 15),
                        Duration.ofSeconds(settings.quick() ? 2 : 10))
                : null;
        if (reads == null) {
            Bench.log("wrk is not installed (apt-get install wrk): the read scenario is left out");
        }
        Scenario cold = new Scenario(SuiteResult.COLD, Scenario.Kind.SERVICE);
        Scenario big = new Scenario(SuiteResult.BIG, Scenario.Kind.SERVICE);
        Scenario many = new Scenario(SuiteResult.MANY, Scenario.Kind.SERVICE);
        Scenario tiny = new Scenario(SuiteResult.TINY, Scenario.Kind.SERVICE);

        Bench.deleteRecursively(dir.resolve("pg"));
        Bench.deleteRecursively(dir.resolve("redis"));
        // Durable, as the embedded default is: each commit waits for the disk, so the row-by-row
        // baseline pays what a first version pays in production.
        EmbeddedPostgresServer pg =
                EmbeddedPostgresServer.start(dir.resolve("pg"), true, SqlStatementCount.SERVER_SETTINGS);
        EmbeddedRedisServer redisServer = EmbeddedRedisServer.start(dir.resolve("redis"));
        try {
            String url = Bench.createDatabase(pg);
            long postmaster = CpuUse.postmasterPid(pg.dataDirectory());
            Checks checks = new Checks(url);
            SuiteStores stores =
                    new SuiteStores(repo, dir, url, redisServer.url(), postmaster, new SqlStatementCount(url), checks);
            List<SuiteResult.Memory> memory = new ArrayList<>();
            List<MeasuredScenario> perRun;
            try (RedisCommands redis = new RedisCommands(redisServer.url());
                    ServerProcess a = stores.startServer("a", settings.serverHeap());
                    ServerProcess b = stores.startServer("b", settings.serverHeap());
                    ServerProcess c = stores.startServer("c", settings.serverHeap())) {
                CliLoads loads = stores.cliLoads(redis, settings.clientHeap());
                perRun = new PerRunScenarios(stores, a, b, c, loads, catalogs)
                        .all(reads, ServerSettings.batchRows(repo), settings.naiveRows(), settings.seed());
                // A server lives for days: its first load, while the JIT compiles, is reported on
                // its own and the second server is warmed the same way before the runs.
                Bench.truncate(url);
                loads.run(cold, List.of(a), "cold-a", List.of(catalogs.firstCsv()), catalogRows);
                Bench.truncate(url);
                loads.cli(List.of(b), "warm-b", List.of(catalogs.firstCsv()));
                Bench.truncate(url);
                loads.cli(List.of(c), "warm-c", List.of(catalogs.firstCsv()));
                for (int run = 0; run < runCount; run++) {
                    Bench.log("run %d of %d", run + 1, runCount);
                    for (MeasuredScenario measured : perRun) {
                        measured.step().run(measured.scenario(), run);
                    }
                }
                // Every service scenario runs on A (the two-server one in part), after its cold load.
                long loadsOnA = perRun.stream()
                                        .filter(m -> m.scenario().kind == Scenario.Kind.SERVICE)
                                        .count()
                                * runCount
                        + 1;
                memory.add(new SuiteResult.Memory(
                        "server A, " + loadsOnA + " loads of " + String.format("%,d", catalogRows) + " rows (-Xmx"
                                + settings.serverHeap() + ")",
                        a.gcLog(),
                        a.peakRssMb()));
                memory.add(new SuiteResult.Memory(
                        "CLI producers, " + String.format("%,d", catalogRows) + " rows each (-Xmx"
                                + settings.clientHeap() + ")",
                        scenario(perRun, SuiteResult.FRESH).clientHeap,
                        0));
            }
            OwnServerScenarios own = new OwnServerScenarios(stores, settings.serverHeap());
            memory.addAll(own.bigLoad(big, catalogs.bigCsv(), settings.bigRows(), settings.bigClientHeap()));
            memory.add(own.manyProducers(many, settings.manyRows(), OwnServerScenarios.MANY_DESCRIPTION_BYTES, "2 KB"));
            memory.add(own.manyProducers(
                    tiny, settings.manyRows() * OwnServerScenarios.TINY_ROWS_PER_MANY_ROW, 0, "about 25 bytes"));

            List<Scenario> scenarios = new ArrayList<>(
                    perRun.stream().map(MeasuredScenario::scenario).toList());
            scenarios.addAll(List.of(cold, big, many, tiny));
            return new SuiteResult(
                    settings.quick(),
                    catalogRows,
                    runCount,
                    settings.bigRows(),
                    settings.naiveRows(),
                    pgVersion(url),
                    scenarios,
                    memory,
                    reads,
                    checks.passed(),
                    checks.failures());
        } finally {
            redisServer.stop();
            pg.stop();
        }
    }

    private static Scenario scenario(List<MeasuredScenario> table, String name) {
        return table.stream()
                .map(MeasuredScenario::scenario)
                .filter(s -> s.name.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scenario " + name));
    }

    private static String pgVersion(String url) throws Exception {
        return Jdbi.create(url)
                .withHandle(h ->
                        h.createQuery("SHOW server_version").mapTo(String.class).one());
    }
}
