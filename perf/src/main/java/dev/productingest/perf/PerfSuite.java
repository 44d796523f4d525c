package dev.productingest.perf;

import dev.productingest.client.sample.CatalogGenerator;
import dev.productingest.client.sample.CatalogSpec;
import dev.productingest.server.embedded.EmbeddedPostgresServer;
import dev.productingest.server.embedded.EmbeddedRedisServer;
import dev.productingest.server.testing.RedisCommands;
import dev.productingest.v1.ProductRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterators;
import java.util.concurrent.Callable;
import java.util.stream.StreamSupport;
import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

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
    // Tiny rows are a hundredth of the size: ten times as many of them still load in seconds.
    static final int TINY_ROWS_PER_MANY_ROW = 10;
    static final String MANY_HEAP = "256m";
    // The nightly snapshot leaves out every 100th row of the catalog: 1% of the SKUs to retire.
    static final int SNAPSHOT_GAP = 100;

    @Option(names = "--quick", description = "small sizes (under 2 minutes): checks the harness, not the service's speed")
    boolean quick;

    @Option(names = "--rows", description = "rows per scenario (default 1,000,000; quick 20,000)")
    Long rows;

    @Option(names = "--runs", description = "runs of every scenario (default 3; quick 2)")
    Integer runs;

    @Option(names = "--big-rows", description = "rows of the memory scenario (default 10,000,000; quick 100,000)")
    Long bigRows;

    @Option(names = "--many-rows", description = "rows each of the 64 producers of 2 KB rows sends in the many-producers scenario, ten times as many of 25 bytes (default 2,000; quick 200)")
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

    @Option(names = "--work", description = "generated catalogs, databases and logs (default perf/target/suite; with --soak, perf/target/soak)")
    Path work;

    @Option(names = "--soak", description = "runs only the soak, for this long (30m, 2m, 90s): every kind of load, readers, watchers"
            + " and page viewers at once, Redis and PostgreSQL restarted; its section of --out and soak.png beside it")
    String soak;

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
        if (soak != null) {
            return SoakCommand.run(repo, io.dropwizard.util.Duration.parse(soak).toJavaDuration(), work, out,
                    SoakCommand.command(spec.commandLine().getParseResult().originalArgs())) ? 0 : 1;
        }
        long catalogRows = rows != null ? rows : quick ? 20_000 : 1_000_000;
        int runCount = runs != null ? runs : quick ? 2 : 3;
        long bigLoadRows = bigRows != null ? bigRows : quick ? 100_000 : 10_000_000;
        long naiveCount = Math.min(catalogRows, naiveRows != null ? naiveRows : quick ? 2_000 : 20_000);
        int manyProducerRows = manyRows != null ? manyRows : quick ? 200 : 2_000;
        Path dir = Files.createDirectories((work != null ? work : repo.resolve("perf/target/suite")).toAbsolutePath());
        Path report = (out != null ? out : repo.resolve("perf/RESULTS.md")).toAbsolutePath();
        result = run(repo, dir, catalogRows, runCount, bigLoadRows, naiveCount, manyProducerRows);
        Path chart = report.resolveSibling("results.png");
        // The soak's section, from a run of its own, stays.
        String soakSection = Files.exists(report) ? SoakReport.sectionOf(Files.readString(report)) : "";
        String markdown = SuiteReport.markdown(result, command(), chart.getFileName().toString());
        Files.writeString(report, soakSection.isEmpty() ? markdown : SoakReport.withSection(markdown, soakSection));
        SuiteChart.write(result, chart);
        System.out.println(SuiteReport.summary(result));
        Bench.log("wrote %s and %s", report, chart);
        return result.failures().isEmpty() ? 0 : 1;
    }

    /** The catalogs of every scenario, as CSV files generated once and kept for later runs. */
    private record Catalogs(long rows, long share, CatalogSpec first, Path firstCsv, Path copyCsv, Path plainCsv, Path plainCopyCsv,
            Path tenPercentCsv, long tenPercentChanged, Path everyRowCsv, Path snapshotCsv, long snapshotMissing, List<Path> disjoint,
            List<Path> overlapping, Path bigCsv) {

        static Catalogs generate(Path dir, long rows, long seed, long bigRows) throws Exception {
            long share = rows / PRODUCERS;
            CatalogSpec first = CatalogSpec.of(rows, seed);
            CatalogSpec tenPercent = first.revision(1, 0.1);
            List<Path> disjoint = new ArrayList<>();
            List<Path> overlapping = new ArrayList<>();
            for (int k = 0; k < PRODUCERS; k++) {
                disjoint.add(producerCsv(dir, CatalogSpec.of(share, seed + k).startingAt(k * share)));
                overlapping.add(producerCsv(dir, CatalogSpec.of(share, seed).revision(k, 1.0)));
            }
            CatalogSpec everyRow = first.revision(2, 1.0);
            return new Catalogs(rows, share, first, producerCsv(dir, first), PerfSuite.copyCsv(dir, first), producerCsv(dir, first.plain()),
                    PerfSuite.copyCsv(dir, first.plain()), producerCsv(dir, tenPercent),
                    countChanged(tenPercent), producerCsv(dir, everyRow), PerfSuite.snapshotCsv(dir, first), (rows + SNAPSHOT_GAP - 1) / SNAPSHOT_GAP,
                    disjoint, overlapping, producerCsv(dir, CatalogSpec.of(bigRows, seed)));
        }
    }

    /** A scenario measured in every run, and how one run of it goes (loads, then the checks of what they left). */
    private record Measured(Scenario scenario, RunStep step) {
        Measured(String name, Scenario.Kind kind, RunStep step) {
            this(new Scenario(name, kind), step);
        }
    }

    @FunctionalInterface
    private interface RunStep {
        /** @param scenario where the run's figures go */
        void run(Scenario scenario, int run) throws Exception;
    }

    private SuiteResult run(Path repo, Path dir, long catalogRows, int runCount, long bigLoadRows, long naiveCount, int manyProducerRows)
            throws Exception {
        Catalogs catalogs = Catalogs.generate(dir, catalogRows, seed, bigLoadRows);
        ReadRounds reads = Wrk.installed()
                ? new ReadRounds(dir, seed, catalogRows, Duration.ofSeconds(quick ? 3 : 15), Duration.ofSeconds(quick ? 2 : 10))
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
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"), true, SqlStatementCount.SERVER_SETTINGS);
        EmbeddedRedisServer redisServer = EmbeddedRedisServer.start(dir.resolve("redis"));
        try {
            String url = Bench.createDatabase(pg);
            long postmaster = CpuUse.postmasterPid(pg.dataDirectory());
            Checks checks = new Checks(url);
            SqlStatementCount sql = new SqlStatementCount(url);
            List<SuiteResult.Memory> memory = new ArrayList<>();
            List<Measured> perRun;
            try (RedisCommands redis = new RedisCommands(redisServer.url());
                 ServerProcess a = ServerProcess.start(repo, url, redisServer.url(), dir.resolve("server-a.log"), serverHeap);
                 ServerProcess b = ServerProcess.start(repo, url, redisServer.url(), dir.resolve("server-b.log"), serverHeap);
                 ServerProcess c = ServerProcess.start(repo, url, redisServer.url(), dir.resolve("server-c.log"), serverHeap)) {
                Loads loads = new Loads(repo, dir, sql, redis, checks, postmaster);
                perRun = perRunScenarios(new Servers(url, postmaster, a, b, c), loads, checks, catalogs, reads, ServerSettings.batchRows(repo),
                        naiveCount);
                // A server lives for days: its first load, while the JIT compiles, is reported on
                // its own and the second server is warmed the same way before the runs.
                Bench.truncate(url);
                loads.run(cold, List.of(a), "cold-a", List.of(catalogs.firstCsv()), catalogRows);
                Bench.truncate(url);
                loads.cli(List.of(b), "warm-b", List.of(catalogs.firstCsv()), clientHeap);
                Bench.truncate(url);
                loads.cli(List.of(c), "warm-c", List.of(catalogs.firstCsv()), clientHeap);
                for (int run = 0; run < runCount; run++) {
                    Bench.log("run %d of %d", run + 1, runCount);
                    for (Measured measured : perRun) {
                        measured.step().run(measured.scenario(), run);
                    }
                }
                // Every service scenario runs on A (the two-server one in part), after its cold load.
                long loadsOnA = perRun.stream().filter(m -> m.scenario().kind == Scenario.Kind.SERVICE).count() * runCount + 1;
                memory.add(new SuiteResult.Memory("server A, " + loadsOnA + " loads of " + String.format("%,d", catalogRows)
                        + " rows (-Xmx" + serverHeap + ")", a.gcLog(), a.peakRssMb()));
                memory.add(new SuiteResult.Memory("CLI producers, " + String.format("%,d", catalogRows) + " rows each (-Xmx" + clientHeap + ")",
                        scenario(perRun, SuiteResult.FRESH).clientHeap, 0));
            }
            memory.addAll(bigLoad(repo, dir, url, redisServer, sql, checks, postmaster, big, catalogs.bigCsv(), bigLoadRows));
            memory.add(manyProducers(repo, dir, url, redisServer, sql, checks, postmaster, many,
                    new ManyProducers(MANY_PRODUCERS, manyProducerRows, MANY_DESCRIPTION_BYTES), "2 KB"));
            memory.add(manyProducers(repo, dir, url, redisServer, sql, checks, postmaster, tiny,
                    new ManyProducers(MANY_PRODUCERS, manyProducerRows * TINY_ROWS_PER_MANY_ROW, 0), "about 25 bytes"));

            List<Scenario> scenarios = new ArrayList<>(perRun.stream().map(Measured::scenario).toList());
            scenarios.addAll(List.of(cold, big, many, tiny));
            return new SuiteResult(quick, catalogRows, runCount, bigLoadRows, naiveCount, pgVersion(url), scenarios, memory, reads,
                    checks.passed(), checks.failures());
        } finally {
            redisServer.stop();
            pg.stop();
        }
    }

    /** The database and the three servers the per-run scenarios share (most use A alone). */
    private record Servers(String url, long postmaster, ServerProcess a, ServerProcess b, ServerProcess c) {
        List<Long> pids() {
            return List.of(a.pid(), b.pid(), c.pid());
        }
    }

    /**
     * The scenarios of every run, in the order they run: the baselines on the emptied table, then
     * the service's loads, each followed by the checks of the jobs and the table it left.
     *
     * @param reads the read rounds, after each fresh load; null to leave reads out
     */
    private List<Measured> perRunScenarios(Servers servers, Loads loads, Checks checks, Catalogs catalogs, ReadRounds reads, int batchRows,
            long naiveCount) {
        String url = servers.url();
        long rows = catalogs.rows();
        long fourShares = catalogs.share() * PRODUCERS;
        Jdbi jdbi = Jdbi.create(url);
        List<Measured> table = new ArrayList<>();
        table.add(new Measured(SuiteResult.COPY, Scenario.Kind.BASELINE, copy(servers, catalogs.copyCsv(), rows)));
        table.add(new Measured(SuiteResult.JDBI, Scenario.Kind.BASELINE, (scenario, run) -> {
            Bench.truncate(url);
            CpuUse.Meter cpu = CpuUse.start(servers.postmaster(), servers.pids());
            double rate = UpsertForms.measure(new CatalogGenerator(catalogs.first()), batchRows, UpsertForms.jdbiBatch(jdbi));
            scenario.addRun(rows, rows / rate);
            scenario.addCpu(cpu.stop());
        }));
        table.add(new Measured(SuiteResult.NAIVE, Scenario.Kind.BASELINE, (scenario, run) -> {
            Bench.truncate(url);
            double rate = UpsertForms.measure(new CatalogGenerator(CatalogSpec.of(naiveCount, seed)), batchRows, UpsertForms.rowByRow(url));
            scenario.addRun(naiveCount, naiveCount / rate);
        }));
        table.add(new Measured(SuiteResult.FRESH, Scenario.Kind.SERVICE, (scenario, run) -> {
            Bench.truncate(url);
            String job = loads.run(scenario, List.of(servers.a()), "fresh-" + run, List.of(catalogs.firstCsv()), rows)
                    .get(0);
            loads.expectJobs(SuiteResult.FRESH, List.of(job), rows, rows, 0, 0);
            checks.expect(SuiteResult.FRESH + ": products", rows, checks.products());
            // Reads of what the load left, outside its window: every SKU the rounds ask for is stored.
            if (reads != null) {
                reads.measure(servers.a());
            }
        }));
        // The re-loads run on the table the fresh load left.
        table.add(new Measured(SuiteResult.UNCHANGED, Scenario.Kind.SERVICE, (scenario, run) -> {
            String job = loads.run(scenario, List.of(servers.a()), "unchanged-" + run,
                    List.of(catalogs.firstCsv()), rows).get(0);
            loads.expectJobs(SuiteResult.UNCHANGED, List.of(job), rows, 0, 0, rows);
        }));
        table.add(new Measured(SuiteResult.TEN_PERCENT, Scenario.Kind.SERVICE, (scenario, run) -> {
            String job = loads.run(scenario, List.of(servers.a()), "ten-" + run,
                    List.of(catalogs.tenPercentCsv()), rows).get(0);
            long changed = catalogs.tenPercentChanged();
            loads.expectJobs(SuiteResult.TEN_PERCENT, List.of(job), rows, 0, changed, rows - changed);
        }));
        table.add(new Measured(SuiteResult.ALL_CHANGED, Scenario.Kind.SERVICE, (scenario, run) -> {
            String job = loads.run(scenario, List.of(servers.a()), "all-" + run,
                    List.of(catalogs.everyRowCsv()), rows).get(0);
            loads.expectJobs(SuiteResult.ALL_CHANGED, List.of(job), rows, 0, rows, 0);
            checks.expect(SuiteResult.ALL_CHANGED + ": products of revision 2", rows, checks.productsUpdatedSince(CatalogGenerator.revisionStart(2)));
        }));
        // Nine short columns, no attributes: the catalog most feeds are, against COPY of the same rows.
        table.add(new Measured(SuiteResult.PLAIN_COPY, Scenario.Kind.BASELINE, copy(servers, catalogs.plainCopyCsv(), rows)));
        table.add(new Measured(SuiteResult.PLAIN_FRESH, Scenario.Kind.SERVICE, (scenario, run) -> {
            Bench.truncate(url);
            String job = loads.run(scenario, List.of(servers.a()), "plain-" + run, List.of(catalogs.plainCsv()), rows).get(0);
            loads.expectJobs(SuiteResult.PLAIN_FRESH, List.of(job), rows, rows, 0, 0);
            checks.expect(SuiteResult.PLAIN_FRESH + ": products without attributes", rows, checks.productsWithoutAttributes());
        }));
        table.add(new Measured(SuiteResult.DISJOINT, Scenario.Kind.SERVICE, (scenario, run) -> {
            Bench.truncate(url);
            List<String> jobs = loads.run(scenario, List.of(servers.a()), "disjoint-" + run, catalogs.disjoint(),
                    fourShares);
            loads.expectJobs(SuiteResult.DISJOINT, jobs, fourShares, fourShares, 0, 0);
            checks.expect(SuiteResult.DISJOINT + ": products", fourShares, checks.products());
        }));
        table.add(new Measured(SuiteResult.OVERLAPPING, Scenario.Kind.SERVICE, (scenario, run) -> {
            Bench.truncate(url);
            List<String> jobs = loads.run(scenario, List.of(servers.a()), "overlap-" + run,
                    catalogs.overlapping(), fourShares);
            Checks.Counts counts = checks.jobs(jobs);
            checks.expect(SuiteResult.OVERLAPPING + ": rows received", fourShares, counts.received());
            checks.expect(SuiteResult.OVERLAPPING + ": every row counted once", fourShares,
                    counts.inserted() + counts.updated() + counts.unchanged() + counts.stale() + counts.rejected());
            checks.expect(SuiteResult.OVERLAPPING + ": SKUs inserted", catalogs.share(), counts.inserted());
            checks.expect(SuiteResult.OVERLAPPING + ": the newest revision wins every SKU", catalogs.share(),
                    checks.productsUpdatedSince(CatalogGenerator.revisionStart(PRODUCERS - 1)));
        }));
        // The disjoint producers again over two and three servers on the same PostgreSQL: what more servers buy.
        table.add(new Measured(SuiteResult.TWO_SERVERS, Scenario.Kind.SERVICE, spreadOver(List.of(servers.a(), servers.b()), "two", url,
                loads, checks, catalogs)));
        table.add(new Measured(SuiteResult.THREE_SERVERS, Scenario.Kind.SERVICE, spreadOver(List.of(servers.a(), servers.b(), servers.c()),
                "three", url, loads, checks, catalogs)));
        // Last night's catalog stored (by COPY, outside the measured window), then tonight's: the same
        // rows less 1%, as the whole catalog.
        table.add(new Measured(SuiteResult.SNAPSHOT, Scenario.Kind.SERVICE, (scenario, run) -> {
            Bench.truncate(url);
            Bench.copy(url, catalogs.copyCsv());
            // As last night's catalog would be by now: vacuumed, analysed and on disk. Without this the
            // load met autovacuum on a million new rows, and its runs spread by 160%.
            Bench.execute(url, "VACUUM ANALYZE products");
            Bench.execute(url, "CHECKPOINT");
            long sent = rows - catalogs.snapshotMissing();
            String job = loads.run(scenario, List.of(servers.a()), "snapshot-" + run, List.of(catalogs.snapshotCsv()), sent,
                    // The export is taken now, after every version the generator wrote: it speaks for all of them.
                    List.of("--snapshot", "--as-of", Instant.now().toString())).get(0);
            loads.expectJobs(SuiteResult.SNAPSHOT, List.of(job), sent, 0, 0, sent);
            checks.expect(SuiteResult.SNAPSHOT + ": retired", catalogs.snapshotMissing(), checks.jobs(List.of(job)).retired());
            checks.expect(SuiteResult.SNAPSHOT + ": products left", sent, checks.products());
        }));
        return table;
    }

    /** The disjoint producers into the emptied table, producer k to server k mod servers. */
    private static RunStep spreadOver(List<ServerProcess> over, String jobPrefix, String url, Loads loads, Checks checks, Catalogs catalogs) {
        long fourShares = catalogs.share() * PRODUCERS;
        return (scenario, run) -> {
            Bench.truncate(url);
            List<String> jobs = loads.run(scenario, over, jobPrefix + "-" + run, catalogs.disjoint(), fourShares);
            loads.expectJobs(scenario.name, jobs, fourShares, fourShares, 0, 0);
            checks.expect(scenario.name + ": servers that took its jobs", over.size(), checks.owners(jobs));
            checks.expect(scenario.name + ": products", fourShares, checks.products());
        };
    }

    /** PostgreSQL's own COPY of a catalog into the emptied table: the limit a load is measured against. */
    private static RunStep copy(Servers servers, Path copyCsv, long rows) {
        return (scenario, run) -> {
            Bench.truncate(servers.url());
            CpuUse.Meter cpu = CpuUse.start(servers.postmaster(), servers.pids());
            long started = System.nanoTime();
            Bench.copy(servers.url(), copyCsv);
            scenario.addRun(rows, (System.nanoTime() - started) / 1e9);
            scenario.addCpu(cpu.stop());
        };
    }

    private static Scenario scenario(List<Measured> table, String name) {
        return table.stream().map(Measured::scenario).filter(s -> s.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scenario " + name));
    }

    /** The memory scenario on a server of its own, so its heap and RSS are this load's alone. */
    private List<SuiteResult.Memory> bigLoad(Path repo, Path dir, String url, EmbeddedRedisServer redisServer, SqlStatementCount sql, Checks checks,
            long postmaster, Scenario big, Path bigCsv, long bigLoadRows) throws Exception {
        Bench.truncate(url);
        try (RedisCommands redis = new RedisCommands(redisServer.url());
             ServerProcess c = ServerProcess.start(repo, url, redisServer.url(), dir.resolve("server-big.log"), serverHeap)) {
            Loads loads = new Loads(repo, dir, sql, redis, checks, postmaster);
            loads.clientHeap = bigClientHeap;
            String job = loads.run(big, List.of(c), "big", List.of(bigCsv), bigLoadRows).get(0);
            loads.expectJobs(SuiteResult.BIG, List.of(job), bigLoadRows, bigLoadRows, 0, 0);
            checks.expect(SuiteResult.BIG + ": products", bigLoadRows, checks.products());
            return List.of(
                    new SuiteResult.Memory("server C, one load of " + String.format("%,d", bigLoadRows) + " rows (-Xmx" + serverHeap + ")",
                            c.gcLog(), c.peakRssMb()),
                    new SuiteResult.Memory("CLI producer, " + String.format("%,d", bigLoadRows) + " rows (-Xmx" + bigClientHeap + ")",
                            big.clientHeap, 0));
        }
    }

    /**
     * Many producers at once on a small heap, through the SDK (a connection each), on a server of
     * their own: the server-wide memory budget keeps the heap safe, and producers beyond the stream
     * limits retry.
     */
    private SuiteResult.Memory manyProducers(Path repo, Path dir, String url, EmbeddedRedisServer redisServer, SqlStatementCount sql,
            Checks checks, long postmaster, Scenario scenario, ManyProducers producers, String rowSize) throws Exception {
        Bench.truncate(url);
        String name = scenario.name.equals(SuiteResult.TINY) ? "tiny" : "many";
        Path log = dir.resolve("server-" + name + ".log");
        try (RedisCommands redis = new RedisCommands(redisServer.url());
             ServerProcess d = ServerProcess.start(repo, url, redisServer.url(), log, MANY_HEAP)) {
            Window window = Window.open(sql, redis, List.of(d), postmaster);
            producers.run(d.target(), name);
            window.close(scenario, producers.rows(), GcLog.NONE);
            producers.check(checks, scenario.name, name);
            checks.expect(scenario.name + ": OutOfMemoryErrors in the server's log", 0,
                    Files.readString(log).split("OutOfMemoryError", -1).length - 1);
            return new SuiteResult.Memory("server " + (name.equals("tiny") ? "E" : "D") + ", " + MANY_PRODUCERS + " producers at once, "
                    + String.format("%,d", producers.rowsEach()) + " rows of " + rowSize + " each (-Xmx" + MANY_HEAP + ")", d.gcLog(),
                    d.peakRssMb());
        }
    }

    /** Runs the CLI loads of one scenario and checks their jobs; the clientHeap is the producers' -Xmx. */
    private final class Loads {
        private final Path repo;
        private final Path dir;
        private final SqlStatementCount sql;
        private final RedisCommands redis;
        private final Checks checks;
        private final long postmaster;
        String clientHeap = PerfSuite.this.clientHeap;

        Loads(Path repo, Path dir, SqlStatementCount sql, RedisCommands redis, Checks checks, long postmaster) {
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
            return run(scenario, servers, jobPrefix, files, totalRows, List.of());
        }

        /** @param options more options of each CLI's {@code load} */
        List<String> run(Scenario scenario, List<ServerProcess> servers, String jobPrefix, List<Path> files, long totalRows,
                List<String> options) throws Exception {
            Window window = Window.open(sql, redis, servers, postmaster);
            LoadedJobs loaded = cli(servers, jobPrefix, files, clientHeap, options);
            window.close(scenario, totalRows, loaded.clientHeap());
            return loaded.jobIds();
        }

        LoadedJobs cli(List<ServerProcess> servers, String jobPrefix, List<Path> files, String heap) throws Exception {
            return cli(servers, jobPrefix, files, heap, List.of());
        }

        LoadedJobs cli(List<ServerProcess> servers, String jobPrefix, List<Path> files, String heap, List<String> options) throws Exception {
            List<CliLoad> loads = new ArrayList<>();
            List<String> jobIds = new ArrayList<>();
            for (int k = 0; k < files.size(); k++) {
                String jobId = files.size() == 1 ? jobPrefix : jobPrefix + "-p" + k;
                jobIds.add(jobId);
                loads.add(CliLoad.start(repo, dir, servers.get(k % servers.size()).target(), files.get(k), jobId, heap, options));
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

    /** The catalog less every {@link #SNAPSHOT_GAP}th row, as a nightly full export that lost 1% of its products. */
    private static Path snapshotCsv(Path dir, CatalogSpec spec) throws Exception {
        return generated(dir.resolve(spec.fileName() + ".snapshot.csv"), file -> {
            long[] index = {0};
            Iterator<ProductRow> kept = StreamSupport.stream(Spliterators.spliteratorUnknownSize(new CatalogGenerator(spec), 0), false)
                    .filter(row -> index[0]++ % SNAPSHOT_GAP != 0)
                    .iterator();
            CatalogFiles.writeProducerCsv(kept, file);
        });
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
