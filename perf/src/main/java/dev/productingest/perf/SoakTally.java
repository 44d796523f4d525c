package dev.productingest.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the soak's threads did (counts by name) and what went wrong (failures), shared by all of them. */
final class SoakTally {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final long endsAt;

    /** @param endsAt the {@link System#nanoTime()} at which the workload stops */
    SoakTally(long endsAt) {
        this.endsAt = endsAt;
    }

    /** Whether the workload is still to go on: every loop of the soak asks before each round. */
    boolean running() {
        return System.nanoTime() < endsAt;
    }

    void count(String what) {
        add(what, 1);
    }

    void add(String what, long n) {
        counts.computeIfAbsent(what, k -> new LongAdder()).add(n);
    }

    synchronized void fail(String what) {
        Bench.log("soak: %s", what);
        failures.add(what);
    }

    Map<String, Long> counts() {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted;
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    /** Waits {@code millis}, or less when the workload stops first. */
    void pause(long millis) throws InterruptedException {
        long until = Math.min(System.nanoTime() + millis * 1_000_000, endsAt);
        long left = until - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }
}
