package dev.productingest.perf;

import dev.productingest.server.testing.RedisCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The memory scenarios, each on a server of its own so that its heap and RSS are that scenario's alone: one large load,
 * and many producers at once on a small heap.
 */
final class OwnServerScenarios {
    static final int MANY_DESCRIPTION_BYTES = 2_000;
    // Tiny rows are a hundredth of the size: ten times as many of them still load in seconds.
    static final int TINY_ROWS_PER_MANY_ROW = 10;
    private static final int MANY_PRODUCERS = 64;
    private static final String MANY_HEAP = "256m";

    private final SuiteStores stores;
    private final String serverHeap;

    /** @param serverHeap the -Xmx of the large load's server */
    OwnServerScenarios(SuiteStores stores, String serverHeap) {
        this.stores = stores;
        this.serverHeap = serverHeap;
    }

    /** One large load through the CLI with a heap of {@code clientHeap}. */
    List<SuiteResult.Memory> bigLoad(Scenario big, Path bigCsv, long bigLoadRows, String clientHeap) throws Exception {
        Bench.truncate(stores.url());
        try (RedisCommands redis = new RedisCommands(stores.redisUrl());
                ServerProcess c = stores.startServer("big", serverHeap)) {
            CliLoads loads = stores.cliLoads(redis, clientHeap);
            String job = loads.run(big, List.of(c), "big", List.of(bigCsv), bigLoadRows)
                    .get(0);
            loads.expectJobs(SuiteResult.BIG, List.of(job), bigLoadRows, bigLoadRows, 0, 0);
            stores.checks()
                    .expect(
                            SuiteResult.BIG + ": products",
                            bigLoadRows,
                            stores.checks().products());
            return List.of(
                    new SuiteResult.Memory(
                            "server C, one load of " + String.format("%,d", bigLoadRows) + " rows (-Xmx" + serverHeap
                                    + ")",
                            c.gcLog(),
                            c.peakRssMb()),
                    new SuiteResult.Memory(
                            "CLI producer, " + String.format("%,d", bigLoadRows) + " rows (-Xmx" + clientHeap + ")",
                            big.clientHeap,
                            0));
        }
    }

    /**
     * Many producers at once on a small heap, through the SDK (a connection each): the server-wide memory budget keeps
     * the heap safe, and producers beyond the stream limits retry.
     */
    SuiteResult.Memory manyProducers(Scenario scenario, int rowsEach, int descriptionBytes, String rowSize)
            throws Exception {
        ManyProducers producers = new ManyProducers(MANY_PRODUCERS, rowsEach, descriptionBytes);
        Bench.truncate(stores.url());
        String name = scenario.name.equals(SuiteResult.TINY) ? "tiny" : "many";
        Path log = stores.serverLog(name);
        Checks checks = stores.checks();
        try (RedisCommands redis = new RedisCommands(stores.redisUrl());
                ServerProcess d = stores.startServer(name, MANY_HEAP)) {
            Window window = Window.open(stores.sql(), redis, List.of(d), stores.postmaster());
            producers.run(d.target(), name);
            window.close(scenario, producers.rows(), GcLog.NONE);
            producers.check(checks, scenario.name, name);
            checks.expect(
                    scenario.name + ": OutOfMemoryErrors in the server's log",
                    0,
                    Files.readString(log).split("OutOfMemoryError", -1).length - 1);
            return new SuiteResult.Memory(
                    "server " + (name.equals("tiny") ? "E" : "D") + ", " + MANY_PRODUCERS + " producers at once, "
                            + String.format("%,d", producers.rowsEach()) + " rows of " + rowSize + " each (-Xmx"
                            + MANY_HEAP + ")",
                    d.gcLog(),
                    d.peakRssMb());
        }
    }
}
