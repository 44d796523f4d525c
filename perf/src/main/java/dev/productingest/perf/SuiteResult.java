package dev.productingest.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Everything one suite run measured and checked, and how it stands against the targets. */
record SuiteResult(boolean quick, long rows, int runs, long bigRows, long naiveRows, String postgres, List<Scenario> scenarios,
        List<Memory> memory, int checksPassed, List<String> failures) {
    static final String COPY = "COPY FROM STDIN (the limit)";
    static final String JDBI = "plain JDBI batch upsert";
    static final String NAIVE = "naive row-by-row upsert";
    static final String FRESH = "fresh load";
    static final String UNCHANGED = "re-load, unchanged";
    static final String TEN_PERCENT = "re-load, 10% changed";
    static final String ALL_CHANGED = "re-load, every row changed";
    static final String DISJOINT = "4 producers, disjoint SKUs";
    static final String OVERLAPPING = "4 producers, the same SKUs";
    static final String TWO_SERVERS = "2 servers, 4 producers";
    static final String SNAPSHOT = "nightly snapshot, 1% missing";
    static final String COLD = "fresh load, JIT-cold server";
    static final String BIG = "memory: one large load";
    static final String MANY = "memory: 64 producers, 2 KB rows, -Xmx256m";

    static final double HEAP_LIMIT_MB = 256;

    /** One process's memory over the loads it served or sent. */
    record Memory(String process, GcLog heap, long peakRssMb) {
    }

    record Target(String what, String goal, String measured, boolean met) {
    }

    Scenario scenario(String name) {
        return scenarios.stream().filter(s -> s.name.equals(name)).findFirst().orElseThrow();
    }

    double vsCopy(Scenario s) {
        return s.median() / scenario(COPY).median();
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
        double fresh = medianRatio(FRESH, COPY);
        t.add(new Target("fresh load against COPY", ">= 0.8", fmt("%.2f", fresh), fresh >= 0.8));
        double reload = medianRatio(UNCHANGED, ALL_CHANGED);
        t.add(new Target("unchanged re-load against every row changed", ">= 2x", fmt("%.2fx", reload), reload >= 2));
        double naive = medianRatio(FRESH, NAIVE);
        // Bounded by COPY's own ratio to the naive baseline: no load beats COPY.
        t.add(new Target("fresh load against the naive baseline", ">= 50x",
                fmt("%.1fx (COPY: %.1fx)", naive, medianRatio(COPY, NAIVE)), naive >= 50));
        GcLog small = scenario(FRESH).serverHeap;
        GcLog large = scenario(BIG).serverHeap;
        long peak = Math.max(small.peakUsedMb(), large.peakUsedMb());
        t.add(new Target("server heap, peak used, one producer (" + fmt("%,d", rows) + " and " + fmt("%,d", bigRows) + " rows)", "< 256 MB",
                peak + " MB", peak < HEAP_LIMIT_MB));
        boolean flat = large.maxLiveMb() <= Math.max(small.maxLiveMb() * 1.25, small.maxLiveMb() + 16);
        t.add(new Target("server heap after collections, flat from " + fmt("%,d", rows) + " to " + fmt("%,d", bigRows) + " rows",
                "within 25% (or 16 MB)", small.maxLiveMb() + " MB -> " + large.maxLiveMb() + " MB", flat));
        GcLog busiest = scenarios.stream().filter(s -> s.kind == Scenario.Kind.SERVICE).map(s -> s.serverHeap).reduce(GcLog.NONE, GcLog::max);
        t.add(new Target("server heap, peak used, every scenario (4 producers included)", "< 256 MB, no full collection",
                fmt("%d MB, %d full collections", busiest.peakUsedMb(), busiest.fullCollections()),
                busiest.peakUsedMb() < HEAP_LIMIT_MB && busiest.fullCollections() == 0));
        GcLog many = scenario(MANY).serverHeap;
        t.add(new Target("64 producers of 2 KB rows on a 256 MB server: every load exact", "no full collection",
                fmt("%d MB peak, %d full collections", many.peakUsedMb(), many.fullCollections()), many.fullCollections() == 0));
        Scenario f = scenario(FRESH);
        long sql = f.workStatementsEachBatch();
        t.add(new Target("SQL statements each batch runs (fresh load), BEGIN and COMMIT aside", "<= 2",
                fmt("%d, and %.1f per load (%.2f per batch in all)", sql, perLoad(f, f.workStatements(), sql), f.perBatch(f.workStatements())),
                sql <= 2));
        long redis = f.redisCommandsEachBatch();
        t.add(new Target("Redis commands each batch runs (fresh load)", "<= 2",
                fmt("%d, and %.1f per load (%.2f per batch in all)", redis, perLoad(f, f.redisCommands(), redis), f.perBatch(f.redisCommands())),
                redis <= 2));
        return t;
    }

    /** What a load ran besides {@code eachBatch} per batch: its job's start and end, and pings. */
    private static double perLoad(Scenario s, long total, long eachBatch) {
        return (double) (total - eachBatch * s.batches) / s.rowsPerSecond.size();
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
