package dev.productingest.perf;

import dev.productingest.server.testing.RedisCommands;
import java.util.List;
import java.util.Map;

/**
 * One measured load: the clock, CPU time, PostgreSQL's statement counts, Redis's command counts and the servers' batch
 * latencies, all started together before it and read together after it.
 */
final class Window {
    private final SqlStatementCount sql;
    private final RedisCommands redis;
    private final List<ServerProcess> servers;
    private final Map<String, Long> redisBefore;
    private final double[] serverUptimes;
    private final CpuUse.Meter cpu;
    private final long started;

    private Window(SqlStatementCount sql, RedisCommands redis, List<ServerProcess> servers, long postmaster)
            throws Exception {
        this.sql = sql;
        this.redis = redis;
        this.servers = servers;
        sql.reset();
        for (ServerProcess server : servers) {
            server.takeBatchLatency();
        }
        this.redisBefore = redis.now();
        this.serverUptimes =
                servers.stream().mapToDouble(ServerProcess::uptimeSeconds).toArray();
        this.cpu = CpuUse.start(
                postmaster, servers.stream().map(ServerProcess::pid).toList());
        this.started = System.nanoTime();
    }

    static Window open(SqlStatementCount sql, RedisCommands redis, List<ServerProcess> servers, long postmaster)
            throws Exception {
        return new Window(sql, redis, servers, postmaster);
    }

    /** Adds what happened since the window opened to the scenario, as one run of {@code rows} rows. */
    void close(Scenario scenario, long rows, GcLog clientHeap) throws Exception {
        double seconds = (System.nanoTime() - started) / 1e9;
        scenario.addRun(rows, seconds);
        scenario.addCpu(cpu.stop());
        scenario.clientHeap = scenario.clientHeap.max(clientHeap);
        sql.calls().forEach((text, calls) -> scenario.statementsByText.merge(text, calls, Long::sum));
        RedisCommands.difference(redisBefore, redis.now())
                .forEach((command, calls) -> scenario.redisByCommand.merge(command, calls, Long::sum));
        for (int i = 0; i < servers.size(); i++) {
            ServerProcess server = servers.get(i);
            scenario.serverHeap = scenario.serverHeap.max(server.gcLog(serverUptimes[i], server.uptimeSeconds()));
        }
        double p50 = 0;
        double p99 = 0;
        for (ServerProcess server : servers) {
            ServerProcess.BatchLatency latency = server.takeBatchLatency();
            scenario.batches += latency.batches();
            if (latency.batches() > 0) {
                // Over two servers, the slower one's: a producer waits for whichever writes its batch.
                p50 = Math.max(p50, latency.p50Ms());
                p99 = Math.max(p99, latency.p99Ms());
            }
        }
        scenario.p50Ms.add(p50);
        scenario.p99Ms.add(p99);
    }
}
