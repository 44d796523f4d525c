package dev.productingest.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Everything one suite run measured and checked, and how it stands against the targets. */
record SuiteResult(long rows, int runs, long bigRows, long naiveRows, String postgres, List<Scenario> scenarios,
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
    static final String COLD = "fresh load, JIT-cold server";
    static final String BIG = "memory: one large load";

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
        t.add(new Target("fresh load against the naive baseline", ">= 50x", fmt("%.1fx", naive), naive >= 50));
        Memory small = memory.get(0);
        Memory large = memory.get(2);
        long peak = Math.max(small.heap().peakUsedMb(), large.heap().peakUsedMb());
        t.add(new Target("server heap, peak used", "< 256 MB", peak + " MB", peak < HEAP_LIMIT_MB));
        boolean flat = large.heap().maxLiveMb() <= Math.max(small.heap().maxLiveMb() * 1.25, small.heap().maxLiveMb() + 16);
        t.add(new Target("server live heap flat from " + fmt("%,d", rows) + " to " + fmt("%,d", bigRows) + " rows",
                "within 25% (or 16 MB)", small.heap().maxLiveMb() + " MB -> " + large.heap().maxLiveMb() + " MB", flat));
        Scenario f = scenario(FRESH);
        double sql = f.perBatch(f.statements);
        t.add(new Target("SQL statements per batch (fresh load)", "<= 2", fmt("%.1f", sql), sql <= 2));
        double redis = f.perBatch(f.redisCommands);
        t.add(new Target("Redis commands per batch (fresh load)", "<= 2", fmt("%.1f", redis), redis <= 2));
        return t;
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
