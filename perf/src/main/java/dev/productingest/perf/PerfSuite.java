package dev.productingest.perf;

import dev.productingest.server.embedded.EmbeddedPostgresServer;
import dev.productingest.server.embedded.EmbeddedRedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole benchmark suite in one run: every scenario end to end (CLI producers in their own
 * JVMs, gRPC over a real socket, the server jar in its own JVM), against COPY, a plain JDBI batch
 * and a naive row-by-row upsert on the same database and table, alternating within each run.
 * Writes perf/RESULTS.md and a PNG chart, and fails if any load left the wrong rows behind.
 */
@Command(name = "perf-suite", mixinStandardHelpOptions = true)
public final class PerfSuite implements Callable<Integer> {
    static final int PRODUCERS = 4;
    static final int MANY_PRODUCERS = 64;
    static final int MANY_DESCRIPTION_BYTES = 2_000;
    static final String MANY_HEAP = "256m";

    @Option(names = "--quick", description = "small sizes (under 2 minutes): checks the harness, not the service's speed")
    boolean quick;

    @Option(names = "--rows", description = "rows per scenario (default 1,000,000; quick 20,000)")
    Long rows;

    @Option(names = "--runs", description = "runs of every scenario (default 3; quick 2)")
    Integer runs;

    @Option(names = "--big-rows", description = "rows of the memory scenario (default 10,000,000; quick 100,000)")
    Long bigRows;

    @Option(names = "--many-rows", description = "rows each of the 64 producers sends in the many-producers scenario (default 2,000; quick 200)")
    Integer manyRows;

    @Option(names = "--naive-rows", description = "rows the row-by-row baseline writes (default 20,000; quick 2,000)")
    Long naiveRows;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--server-heap", defaultValue = "256m", description = "the server's -Xmx")
    String serverHeap;

    @Option(names = "--client-heap", defaultValue = "128m", description = "each CLI producer's -Xmx")
    String clientHeap;

    @Option(names = "--big-client-heap", defaultValue = "64m", description = "the CLI's -Xmx in the memory scenario")
    String bigClientHeap;

    @Option(names = "--out", description = "the report (default perf/RESULTS.md); the chart goes beside it")
    Path out;

    @Option(names = "--work", description = "generated catalogs, databases and logs (default perf/target/suite)")
    Path work;

    @Spec
    CommandSpec spec;

    SuiteResult result;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PerfSuite()).execute(args));
    }

    /** The command that reproduces this run, for the report. */
    private String command() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        return "mvn -B install -DskipTests && mvn -q -B -pl perf exec:java"
                + (args.isEmpty() ? "" : " -Dexec.args=\"" + String.join(" ", args) + "\"");
    }

    @Override
    public Integer call() throws Exception {
        Path repo = Bench.repoRoot();
        long n = rows != null ? rows : quick ? 20_000 : 1_000_000;
        int r = runs != null ? runs : quick ? 2 : 3;
        long big = bigRows != null ? bigRows : quick ? 100_000 : 10_000_000;
        long naive = Math.min(n, naiveRows != null ? naiveRows : quick ? 2_000 : 20_000);
        Path dir = Files.createDirectories((work != null ? work : repo.resolve("perf/target/suite")).toAbsolutePath());
        Path report = (out != null ? out : repo.resolve("perf/RESULTS.md")).toAbsolutePath();
        int many = manyRows != null ? manyRows : quick ? 200 : 2_000;
        result = run(repo, dir, n, r, big, naive, many);
        Path chart = report.resolveSibling("results.png");
        Files.writeString(report, SuiteReport.markdown(result, command(), chart.getFileName().toString()));
        SuiteChart.write(result, chart);
        System.out.println(SuiteReport.summary(result));
        Bench.log("wrote %s and %s", report, chart);
        return result.failures().isEmpty() ? 0 : 1;
    }

    private SuiteResult run(Path repo, Path dir, long n, int runCount, long big, long naiveCount, int manyRows) throws Exception {
        long share = n / PRODUCERS;
        CatalogSpec first = CatalogSpec.of(n, seed);
        CatalogSpec tenPercent = first.revision(1, 0.1);
        CatalogSpec everyRow = first.revision(2, 1.0);
        Path firstCsv = producerCsv(dir, first);
        Path copyCsv = copyCsv(dir, first);
        Path tenPercentCsv = producerCsv(dir, tenPercent);
        Path everyRowCsv = producerCsv(dir, everyRow);
        List<Path> disjoint = new ArrayList<>();
        List<Path> overlapping = new ArrayList<>();
        for (int k = 0; k < PRODUCERS; k++) {
            disjoint.add(producerCsv(dir, CatalogSpec.of(share, seed + k).startingAt(k * share)));
            overlapping.add(producerCsv(dir, CatalogSpec.of(share, seed).revision(k, 1.0)));
        }
        Path bigCsv = producerCsv(dir, CatalogSpec.of(big, seed));
        long changedRows = countChanged(tenPercent);

        int batchRows = ServerSettings.batchRows(repo);
        Map<String, Scenario> s = new LinkedHashMap<>();
        for (Scenario scenario : List.of(
                new Scenario(SuiteResult.COPY, Scenario.Kind.BASELINE),
                new Scenario(SuiteResult.JDBI, Scenario.Kind.BASELINE),
                new Scenario(SuiteResult.NAIVE, Scenario.Kind.BASELINE),
                new Scenario(SuiteResult.FRESH, Scenario.Kind.SERVICE),
                new Scenario(SuiteResult.UNCHANGED, Scenario.Kind.SERVICE),
                new Scenario(SuiteResult.TEN_PERCENT, Scenario.Kind.SERVICE),
                new Scenario(SuiteResult.ALL_CHANGED, Scenario.Kind.SERVICE),
                new Scenario(SuiteResult.DISJOINT, Scenario.Kind.SERVICE),
                new Scenario(SuiteResult.OVERLAPPING, Scenario.Kind.SERVICE),
                new Scenario(SuiteResult.TWO_SERVERS, Scenario.Kind.SERVICE),
                new Scenario(SuiteResult.COLD, Scenario.Kind.SERVICE),
                new Scenario(SuiteResult.BIG, Scenario.Kind.SERVICE),
                new Scenario(SuiteResult.MANY, Scenario.Kind.SERVICE))) {
            s.put(scenario.name, scenario);
        }

        Bench.deleteRecursively(dir.resolve("pg"));
        Bench.deleteRecursively(dir.resolve("redis"));
        // Durable, as the embedded default is: each commit waits for the disk, so the row-by-row
        // baseline pays what a first version pays in production.
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"), true, SqlStatementCount.SERVER_SETTINGS);
        EmbeddedRedisServer redisServer = EmbeddedRedisServer.start(dir.resolve("redis"));
        try {
            String url = Bench.createDatabase(pg);
            long postmaster = CpuUse.postmasterPid(pg.dataDirectory());
            Checks checks = new Checks(url);
            SqlStatementCount sql = new SqlStatementCount(url);
            Jdbi jdbi = Jdbi.create(url);
            List<SuiteResult.Memory> memory = new ArrayList<>();
            try (RedisCommandCount redis = new RedisCommandCount(redisServer.url());
                 ServerProcess a = ServerProcess.start(repo, url, redisServer.url(), dir.resolve("server-a.log"), serverHeap);
                 ServerProcess b = ServerProcess.start(repo, url, redisServer.url(), dir.resolve("server-b.log"), serverHeap)) {
                Loads loads = new Loads(repo, dir, sql, redis, checks, postmaster);
                List<Long> serverPids = List.of(a.pid(), b.pid());
                // A server lives for days: its first load, while the JIT compiles, is reported on
                // its own and the second server is warmed the same way before the runs.
                Bench.truncate(url);
                loads.run(s.get(SuiteResult.COLD), List.of(a), "cold-a", List.of(firstCsv), n);
                Bench.truncate(url);
                loads.cli(List.of(b), "warm-b", List.of(firstCsv), clientHeap);
                for (int run = 0; run < runCount; run++) {
                    Bench.log("run %d of %d", run + 1, runCount);
                    Bench.truncate(url);
                    CpuUse.Meter cpu = CpuUse.start(postmaster, serverPids);
                    long started = System.nanoTime();
                    Bench.copy(url, copyCsv);
                    s.get(SuiteResult.COPY).addRun(n, (System.nanoTime() - started) / 1e9);
                    s.get(SuiteResult.COPY).addCpu(cpu.stop());

                    Bench.truncate(url);
                    cpu = CpuUse.start(postmaster, serverPids);
                    double jdbiRate = UpsertForms.measure(new CatalogGenerator(first), batchRows, UpsertForms.jdbiBatch(jdbi));
                    s.get(SuiteResult.JDBI).addRun(n, n / jdbiRate);
                    s.get(SuiteResult.JDBI).addCpu(cpu.stop());
                    Bench.truncate(url);
                    double naiveRate = UpsertForms.measure(new CatalogGenerator(CatalogSpec.of(naiveCount, seed)), batchRows, UpsertForms.rowByRow(url));
                    s.get(SuiteResult.NAIVE).addRun(naiveCount, naiveCount / naiveRate);

                    Bench.truncate(url);
                    String fresh = loads.run(s.get(SuiteResult.FRESH), List.of(a), "fresh-" + run, List.of(firstCsv), n).get(0);
                    loads.expectJobs(SuiteResult.FRESH, List.of(fresh), n, n, 0, 0);
                    checks.expect(SuiteResult.FRESH + ": products", n, checks.products());

                    String same = loads.run(s.get(SuiteResult.UNCHANGED), List.of(a), "unchanged-" + run, List.of(firstCsv), n).get(0);
                    loads.expectJobs(SuiteResult.UNCHANGED, List.of(same), n, 0, 0, n);
                    String ten = loads.run(s.get(SuiteResult.TEN_PERCENT), List.of(a), "ten-" + run, List.of(tenPercentCsv), n).get(0);
                    loads.expectJobs(SuiteResult.TEN_PERCENT, List.of(ten), n, 0, changedRows, n - changedRows);
                    String all = loads.run(s.get(SuiteResult.ALL_CHANGED), List.of(a), "all-" + run, List.of(everyRowCsv), n).get(0);
                    loads.expectJobs(SuiteResult.ALL_CHANGED, List.of(all), n, 0, n, 0);
                    checks.expect(SuiteResult.ALL_CHANGED + ": products of revision 2", n,
                            checks.productsUpdatedSince(CatalogGenerator.revisionStart(2)));

                    Bench.truncate(url);
                    List<String> apart = loads.run(s.get(SuiteResult.DISJOINT), List.of(a), "disjoint-" + run, disjoint, share * PRODUCERS);
                    loads.expectJobs(SuiteResult.DISJOINT, apart, share * PRODUCERS, share * PRODUCERS, 0, 0);
                    checks.expect(SuiteResult.DISJOINT + ": products", share * PRODUCERS, checks.products());

                    Bench.truncate(url);
                    List<String> same4 = loads.run(s.get(SuiteResult.OVERLAPPING), List.of(a), "overlap-" + run, overlapping, share * PRODUCERS);
                    Checks.Counts o = checks.jobs(same4);
                    checks.expect(SuiteResult.OVERLAPPING + ": rows received", share * PRODUCERS, o.received());
                    checks.expect(SuiteResult.OVERLAPPING + ": every row counted once", share * PRODUCERS,
                            o.inserted() + o.updated() + o.unchanged() + o.stale() + o.rejected());
                    checks.expect(SuiteResult.OVERLAPPING + ": SKUs inserted", share, o.inserted());
                    checks.expect(SuiteResult.OVERLAPPING + ": the newest revision wins every SKU", share,
                            checks.productsUpdatedSince(CatalogGenerator.revisionStart(PRODUCERS - 1)));

                    Bench.truncate(url);
                    List<String> two = loads.run(s.get(SuiteResult.TWO_SERVERS), List.of(a, b), "two-" + run, disjoint,
                            share * PRODUCERS);
                    loads.expectJobs(SuiteResult.TWO_SERVERS, two, share * PRODUCERS, share * PRODUCERS, 0, 0);
                    checks.expect(SuiteResult.TWO_SERVERS + ": products", share * PRODUCERS, checks.products());
                }
                memory.add(new SuiteResult.Memory("server A, " + (runCount * 7 + 1) + " loads of " + String.format("%,d", n) + " rows (-Xmx"
                        + serverHeap + ")", a.gcLog(), a.peakRssMb()));
                memory.add(new SuiteResult.Memory("CLI producers, " + String.format("%,d", n) + " rows each (-Xmx" + clientHeap + ")",
                        s.get(SuiteResult.FRESH).clientHeap, 0));
            }
            // The memory scenario on a server of its own, so its heap and RSS are this load's alone.
            Bench.truncate(url);
            try (RedisCommandCount redis = new RedisCommandCount(redisServer.url());
                 ServerProcess c = ServerProcess.start(repo, url, redisServer.url(), dir.resolve("server-big.log"), serverHeap)) {
                Loads loads = new Loads(repo, dir, sql, redis, checks, postmaster);
                loads.clientHeap = bigClientHeap;
                String bigJob = loads.run(s.get(SuiteResult.BIG), List.of(c), "big", List.of(bigCsv), big).get(0);
                loads.expectJobs(SuiteResult.BIG, List.of(bigJob), big, big, 0, 0);
                checks.expect(SuiteResult.BIG + ": products", big, checks.products());
                memory.add(new SuiteResult.Memory("server C, one load of " + String.format("%,d", big) + " rows (-Xmx" + serverHeap + ")",
                        c.gcLog(), c.peakRssMb()));
                memory.add(new SuiteResult.Memory("CLI producer, " + String.format("%,d", big) + " rows (-Xmx" + bigClientHeap + ")",
                        s.get(SuiteResult.BIG).clientHeap, 0));
            }
            // Many producers at once on a small heap, through the SDK (a connection each): the
            // server-wide memory budget keeps the heap safe, and producers beyond the stream limits retry.
            Bench.truncate(url);
            Path manyLog = dir.resolve("server-many.log");
            ManyProducers producers = new ManyProducers(MANY_PRODUCERS, manyRows, MANY_DESCRIPTION_BYTES);
            try (RedisCommandCount redis = new RedisCommandCount(redisServer.url());
                 ServerProcess d = ServerProcess.start(repo, url, redisServer.url(), manyLog, MANY_HEAP)) {
                Window window = Window.open(sql, redis, List.of(d), postmaster);
                producers.run(d.target(), "many");
                window.close(s.get(SuiteResult.MANY), producers.rows(), GcLog.NONE);
                producers.check(checks, SuiteResult.MANY, "many");
                checks.expect(SuiteResult.MANY + ": OutOfMemoryErrors in the server's log", 0,
                        Files.readString(manyLog).split("OutOfMemoryError", -1).length - 1);
                memory.add(new SuiteResult.Memory("server D, " + MANY_PRODUCERS + " producers at once, " + String.format("%,d", manyRows)
                        + " rows of 2 KB each (-Xmx" + MANY_HEAP + ")", d.gcLog(), d.peakRssMb()));
            }
            return new SuiteResult(quick, n, runCount, big, naiveCount, pgVersion(url), List.copyOf(s.values()), memory, checks.passed(),
                    checks.failures());
        } finally {
            redisServer.stop();
            pg.stop();
        }
    }

    /** Runs the CLI loads of one scenario and checks their jobs; the clientHeap is the producers' -Xmx. */
    private final class Loads {
        private final Path repo;
        private final Path dir;
        private final SqlStatementCount sql;
        private final RedisCommandCount redis;
        private final Checks checks;
        private final long postmaster;
        String clientHeap = PerfSuite.this.clientHeap;

        Loads(Path repo, Path dir, SqlStatementCount sql, RedisCommandCount redis, Checks checks, long postmaster) {
            this.postmaster = postmaster;
            this.repo = repo;
            this.dir = dir;
            this.sql = sql;
            this.redis = redis;
            this.checks = checks;
        }

        /** One producer per file, producer k sending to server k mod servers; returns the job ids. */
        List<String> run(Scenario scenario, List<ServerProcess> servers, String jobPrefix, List<Path> files, long totalRows)
                throws Exception {
            Window window = Window.open(sql, redis, servers, postmaster);
            LoadedJobs loaded = cli(servers, jobPrefix, files, clientHeap);
            window.close(scenario, totalRows, loaded.clientHeap());
            return loaded.jobIds();
        }

        LoadedJobs cli(List<ServerProcess> servers, String jobPrefix, List<Path> files, String heap) throws Exception {
            List<CliLoad> loads = new ArrayList<>();
            List<String> jobIds = new ArrayList<>();
            for (int k = 0; k < files.size(); k++) {
                String jobId = files.size() == 1 ? jobPrefix : jobPrefix + "-p" + k;
                jobIds.add(jobId);
                loads.add(CliLoad.start(repo, dir, servers.get(k % servers.size()).target(), files.get(k), jobId, heap));
            }
            return new LoadedJobs(jobIds, CliLoad.awaitAll(loads));
        }

        void expectJobs(String scenario, List<String> jobIds, long received, long inserted, long updated, long unchanged) throws Exception {
            Checks.Counts c = checks.jobs(jobIds);
            checks.expect(scenario + ": jobs completed", jobIds.size(), c.completed());
            checks.expect(scenario + ": rows received", received, c.received());
            checks.expect(scenario + ": inserted", inserted, c.inserted());
            checks.expect(scenario + ": updated", updated, c.updated());
            checks.expect(scenario + ": unchanged", unchanged, c.unchanged());
            checks.expect(scenario + ": rejected", 0, c.rejected());
        }
    }

    private record LoadedJobs(List<String> jobIds, GcLog clientHeap) {
    }

    /** The producer's CSV of a catalog, generated once and kept for later runs. */
    private static Path producerCsv(Path dir, CatalogSpec spec) throws Exception {
        return generated(dir.resolve(spec.fileName() + ".csv"), file -> CatalogFiles.writeProducerCsv(new CatalogGenerator(spec), file));
    }

    private static Path copyCsv(Path dir, CatalogSpec spec) throws Exception {
        return generated(dir.resolve(spec.fileName() + ".copy.csv"), file -> CatalogFiles.writeCopyCsv(new CatalogGenerator(spec), file));
    }

    private interface Writer {
        void write(Path file) throws Exception;
    }

    private static Path generated(Path file, Writer writer) throws Exception {
        if (!Files.exists(file)) {
            Bench.log("generating %s", file.getFileName());
            // Written aside and moved, so a run stopped halfway never leaves a short catalog behind.
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            writer.write(partial);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return file;
    }

    private static long countChanged(CatalogSpec spec) {
        CatalogGenerator g = new CatalogGenerator(spec);
        g.forEachRemaining(row -> { });
        return g.changed();
    }

    private static String pgVersion(String url) throws Exception {
        return Jdbi.create(url).withHandle(h -> h.createQuery("SHOW server_version").mapTo(String.class).one());
    }
}
