package dev.productingest.perf;

import dev.productingest.server.testing.RedisCommands;
import java.nio.file.Path;

/**
 * The PostgreSQL and Redis every scenario loads into, with what measures and checks the loads, and where the servers'
 * jars and logs are.
 *
 * @param url the database's JDBC URL
 * @param postmaster PostgreSQL's process, whose CPU time is measured
 */
record SuiteStores(
        Path repo, Path dir, String url, String redisUrl, long postmaster, SqlStatementCount sql, Checks checks) {

    /** A server on these stores in its own JVM, logging to {@code server-<name>.log}. */
    ServerProcess startServer(String name, String heap) throws Exception {
        return ServerProcess.start(repo, url, redisUrl, serverLog(name), heap);
    }

    Path serverLog(String name) {
        return dir.resolve("server-" + name + ".log");
    }

    CliLoads cliLoads(RedisCommands redis, String clientHeap) {
        return new CliLoads(repo, dir, sql, redis, checks, postmaster, clientHeap);
    }
}
