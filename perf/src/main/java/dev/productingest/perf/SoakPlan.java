package dev.productingest.perf;

import java.time.Duration;

/**
 * How a soak runs: for how long, how often it samples, when Redis and PostgreSQL restart (as shares of the run, both in
 * its middle third, so that the first and last thirds the flatness check compares hold no outage), and the size of each
 * kind of load and of each crowd of readers.
 */
record SoakPlan(
        Duration duration,
        Duration sampleEvery,
        double redisRestartAt,
        double postgresRestartAt,
        Duration outage,
        int upsertRows,
        int snapshotRows,
        int deleteRows,
        int brokenRows,
        int readers,
        int watchers,
        int viewers,
        long loadPauseMillis,
        long readPauseMillis,
        long viewerStayMillis,
        String serverHeap) {

    /** The soak the perf suite runs with {@code --soak}: loads of thousands of rows, sampled every 10 s. */
    static SoakPlan lasting(Duration duration) {
        return new SoakPlan(
                duration,
                Duration.ofSeconds(10),
                0.4,
                0.55,
                Duration.ofSeconds(5),
                20_000,
                10_000,
                10_000,
                8_000,
                2,
                2,
                2,
                1_000,
                20,
                30_000,
                "256m");
    }

    /**
     * A short soak (minutes): smaller loads, so that each kind runs many of them, and a sample every 5 s, so that each
     * third of the run still holds several.
     */
    static SoakPlan brief(Duration duration) {
        return new SoakPlan(
                duration,
                Duration.ofSeconds(5),
                0.4,
                0.55,
                Duration.ofSeconds(3),
                4_000,
                2_000,
                2_000,
                2_000,
                2,
                2,
                2,
                500,
                20,
                15_000,
                "256m");
    }
}
