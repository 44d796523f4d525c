package dev.productingest.server.store;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every database session of the server carries, so that none can outlive its use: a session whose client vanished
 * mid-transaction (a partition, a lost host) must not keep the locks a resumed load needs. Given to PostgreSQL as the
 * session's start-up {@code options}, so no statement is spent on them and every connection has them before its first
 * query.
 *
 * @param idleInTransactionTimeout PostgreSQL ends a session that sits this long inside a transaction, waiting for its
 *     client's next statement, and with it the transaction's locks
 * @param lockTimeout a statement waiting this long for a lock fails (SQLSTATE 55P03)
 * @param statementTimeout a statement running this long fails; migrations run without it
 * @param keepAliveIdle PostgreSQL probes a client whose connection was quiet this long
 * @param keepAliveInterval and again this often
 * @param keepAliveCount and drops the connection after this many unanswered probes
 */
public record SessionSettings(
        Duration idleInTransactionTimeout,
        Duration lockTimeout,
        Duration statementTimeout,
        Duration keepAliveIdle,
        Duration keepAliveInterval,
        int keepAliveCount) {
    private static final String OPTIONS = "options";
    private static final String TCP_KEEP_ALIVE = "tcpKeepAlive";

    /** pgjdbc connection properties for the server's own sessions. */
    public Map<String, String> properties() {
        return properties(statementTimeout);
    }

    /**
     * The same for migrations at start-up, without a statement limit: a migration may rewrite a large table, and
     * cutting it would leave the server unable to start.
     */
    public Map<String, String> migrationProperties() {
        return properties(Duration.ZERO);
    }

    /**
     * Adds these settings to a data source's connection properties. Options the properties set already come after, so a
     * deployment's own {@code options} win.
     */
    public void addTo(Map<String, String> connectionProperties) {
        properties()
                .forEach((name, value) -> connectionProperties.merge(
                        name, value, (theirs, ours) -> name.equals(OPTIONS) ? ours + " " + theirs : theirs));
    }

    private Map<String, String> properties(Duration statementLimit) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(
                OPTIONS,
                String.join(
                        " ",
                        "-c idle_in_transaction_session_timeout=" + idleInTransactionTimeout.toMillis(),
                        "-c lock_timeout=" + lockTimeout.toMillis(),
                        "-c statement_timeout=" + statementLimit.toMillis(),
                        "-c tcp_keepalives_idle=" + keepAliveIdle.toSeconds(),
                        "-c tcp_keepalives_interval=" + keepAliveInterval.toSeconds(),
                        "-c tcp_keepalives_count=" + keepAliveCount));
        // The client's side: the operating system's keepalive notices a database host that is gone.
        properties.put(TCP_KEEP_ALIVE, "true");
        return properties;
    }
}
