package dev.productingest.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Everything one suite run measured and checked, and how it stands against the targets. */
record SuiteResult(
        boolean quick,
        long rows,
        int runs,
        long bigRows,
        long naiveRows,
        String postgres,
        List<Scenario> scenarios,
        List<Memory> memory,
        ReadRounds reads,
        int checksPassed,
        List<String> failures) {
    static final String COPY = "COPY FROM STDIN (the limit)";
    static final String JDBI = "plain JDBI batch upsert";
    static final String NAIVE = "naive row-by-row upsert";
    static final String UPSERT = "PostgreSQL's own upsert, every row changed";
    static final String FRESH = "fresh load";
    static final String PLAIN_COPY = "COPY FROM STDIN, plain catalog";
    static final String PLAIN_FRESH = "fresh load, plain catalog";
    static final String UNCHANGED = "re-load, unchanged";
    static final String TEN_PERCENT = "re-load, 10% changed";
    static final String ALL_CHANGED = "re-load, every row changed";
    static final String STOCK_FEED = "stock feed, every SKU";
    static final String DISJOINT = "4 producers, disjoint SKUs";
    static final String OVERLAPPING = "4 producers, the same SKUs";
    static final String TWO_SERVERS = "2 servers, 4 producers";
    static final String THREE_SERVERS = "3 servers, 4 producers";
    static final String SNAPSHOT = "nightly snapshot, 1% missing";
    static final String COLD = "fresh load, JIT-cold server";
    static final String BIG = "memory: one large load";
    static final String MANY = "memory: 64 producers, 2 KB rows, -Xmx256m";
    static final String TINY = "memory: 64 producers, 25-byte rows, -Xmx256m";

    static final double HEAP_LIMIT_MB = 256;

    /** One process's memory over the loads it served or sent. */
    record Memory(String process, GcLog heap, long peakRssMb) {}

    record Target(String what, String goal, String measured, boolean met) {}

    Scenario scenario(String name) {
        return scenarios.stream().filter(s -> s.name.equals(name)).findFirst().orElseThrow();
    }

    /** COPY of the same catalog: the plain one for the plain-catalog scenarios. */
    Scenario copyFor(Scenario s) {
        return scenario(s.name.equals(PLAIN_FRESH) || s.name.equals(PLAIN_COPY) ? PLAIN_COPY : COPY);
    }

    double vsCopy(Scenario s) {
        return s.median() / copyFor(s).median();
    }

    double vsNaive(Scenario s) {
        return s.median() / scenario(NAIVE).median();
    }

    /** The median over runs of a / b within each run: both measured minutes apart, not hours. */
    double medianRatio(String a, String b) {
        List<Double> x = scenario(a).rowsPerSecond;
        List<Double> y = scenario(b).rowsPerSecond;
        double[] ratios = new double[Math.min(x.size(), y.size())];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = x.get(i) / y.get(i);
        }
        return Bench.median(ratios);
    }

    List<Target> targets() {
        List<Target> t = new ArrayList<>();
        atLeast(t, "fresh load against COPY, plain catalog", medianRatio(PLAIN_FRESH, PLAIN_COPY), 0.8, "%.2f");
        atLeast(t, "fresh load against COPY, the suite's catalog (attributes)", medianRatio(FRESH, COPY), 1.0, "%.2f");
        Scenario plain = scenario(PLAIN_FRESH);
        Scenario plainCopy = scenario(PLAIN_COPY);
        atMost(
                t,
                "server JVM CPU, core-seconds per 1M fresh plain rows",
                plain.cpuPerMillionRows(plain.cpu.servers()),
                1.5,
                "%.1f");
        atMost(
                t,
                "producer (CLI JVM, whole process) CPU, core-seconds per 1M plain rows",
                plain.cpuPerMillionRows(plain.cpu.producers()),
                2.5,
                "%.1f");
        double serviceCpu = plain.cpuPerMillionRows(plain.cpu.servers() + plain.cpu.postgres());
        double copyCpu = plainCopy.cpuPerMillionRows(plainCopy.cpu.postgres());
        t.add(new Target(
                "server + PostgreSQL CPU of a fresh plain load against PostgreSQL's CPU for its COPY",
                "<= 1.5x",
                fmt("%.2fx (%.1f against %.1f core-seconds per 1M rows)", serviceCpu / copyCpu, serviceCpu, copyCpu),
                serviceCpu / copyCpu <= 1.5));
        atLeast(
                t,
                "re-load, every row changed, against PostgreSQL's own upsert of the same rows",
                medianRatio(ALL_CHANGED, UPSERT),
                0.8,
                "%.2f");
        atLeast(t, "4 producers on the same SKUs against COPY", medianRatio(OVERLAPPING, COPY), 0.6, "%.2f");
        atLeast(t, "unchanged re-load against every row changed", medianRatio(UNCHANGED, ALL_CHANGED), 2, "%.2fx");
        atLeast(
                t,
                "stock feed (`sku,stock,updated_at`, every SKU newer) against the whole-row re-load, every row changed",
                medianRatio(STOCK_FEED, ALL_CHANGED),
                1,
                "%.2fx");
        if (reads == null) {
            t.add(new Target(
                    "cached `GET /products/{sku}` against the admin port's `/ping`, requests/s",
                    ">= 0.6",
                    "not measured: wrk is not installed",
                    false));
            t.add(new Target(
                    "cached `GET /products/{sku}` p99 at " + ReadRounds.CONNECTIONS + " connections",
                    "<= 2 ms",
                    "not measured: wrk is not installed",
                    false));
        } else {
            atLeast(
                    t,
                    "cached `GET /products/{sku}` against the admin port's `/ping`, requests/s (wrk, "
                            + ReadRounds.CONNECTIONS + " connections)",
                    reads.medianRatio(),
                    0.6,
                    "%.2f");
            double p99 = Wrk.medianP99(reads.cached) / 1000;
            t.add(new Target(
                    "cached `GET /products/{sku}` p99 at " + ReadRounds.CONNECTIONS + " connections",
                    "<= 2 ms",
                    fmt("%.1f ms", p99),
                    p99 <= 2));
        }
        GcLog small = scenario(FRESH).serverHeap;
        GcLog large = scenario(BIG).serverHeap;
        long peak = Math.max(small.peakUsedMb(), large.peakUsedMb());
        t.add(new Target(
                "server heap, peak used, one producer (" + fmt("%,d", rows) + " and " + fmt("%,d", bigRows) + " rows)",
                "< 256 MB",
                peak + " MB",
                peak < HEAP_LIMIT_MB));
        boolean flat = large.maxLiveMb() <= Math.max(small.maxLiveMb() * 1.25, small.maxLiveMb() + 16);
        t.add(new Target(
                "server heap after collections, flat from " + fmt("%,d", rows) + " to " + fmt("%,d", bigRows) + " rows",
                "within 25% (or 16 MB)",
                small.maxLiveMb() + " MB -> " + large.maxLiveMb() + " MB",
                flat));
        GcLog busiest = scenarios.stream()
                .filter(s -> s.kind == Scenario.Kind.SERVICE)
                .map(s -> s.serverHeap)
                .reduce(GcLog.NONE, GcLog::max);
        t.add(new Target(
                "server heap, peak used, every scenario (4 producers included)",
                "< 256 MB, no full collection",
                fmt("%d MB, %d full collections", busiest.peakUsedMb(), busiest.fullCollections()),
                busiest.peakUsedMb() < HEAP_LIMIT_MB && busiest.fullCollections() == 0));
        GcLog many = scenario(MANY).serverHeap;
        t.add(new Target(
                "64 producers of 2 KB rows on a 256 MB server: every load exact",
                "no full collection",
                fmt("%d MB peak, %d full collections", many.peakUsedMb(), many.fullCollections()),
                many.fullCollections() == 0));
        GcLog tiny = scenario(TINY).serverHeap;
        t.add(new Target(
                "64 producers of 25-byte rows on a 256 MB server: every load exact",
                "no full collection",
                fmt("%d MB peak, %d full collections", tiny.peakUsedMb(), tiny.fullCollections()),
                tiny.fullCollections() == 0));
        Scenario f = scenario(FRESH);
        long sql = f.workStatementsEachBatch();
        t.add(new Target(
                "SQL statements each batch runs (fresh load), BEGIN and COMMIT aside",
                "<= 2",
                fmt(
                        "%d, and %.1f per load (%.2f per batch in all)",
                        sql, perLoad(f, f.workStatements(), sql), f.perBatch(f.workStatements())),
                sql <= 2));
        long redis = f.redisCommandsEachBatch();
        t.add(new Target(
                "Redis commands each batch runs (fresh load)",
                "<= 2",
                fmt(
                        "%d, and %.1f per load (%.2f per batch in all)",
                        redis, perLoad(f, f.redisCommands(), redis), f.perBatch(f.redisCommands())),
                redis <= 2));
        return t;
    }

    private static void atLeast(List<Target> t, String what, double measured, double goal, String format) {
        t.add(new Target(what, ">= " + fmt(format, goal), fmt(format, measured), measured >= goal));
    }

    private static void atMost(List<Target> t, String what, double measured, double goal, String format) {
        t.add(new Target(what, "<= " + fmt(format, goal), fmt(format, measured), measured <= goal));
    }

    /** What a load ran besides {@code eachBatch} per batch: its job's start and end, and pings. */
    private static double perLoad(Scenario s, long total, long eachBatch) {
        return (double) (total - eachBatch * s.batches) / s.rowsPerSecond.size();
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
