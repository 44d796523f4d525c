package dev.productingest.server.store;

import java.net.ConnectException;
import java.sql.SQLException;
import org.jdbi.v3.core.ConnectionException;

/**
 * Whether a failure means PostgreSQL could not be reached or is not taking work (stopped, starting, failing over), or a
 * connection to it broke mid-conversation, as opposed to a failure of the request itself. Such a failure passes:
 * callers are told to retry (gRPC UNAVAILABLE, HTTP 503), not that the server failed.
 */
public final class DatabaseOutage {
    private DatabaseOutage() {}

    public static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectionException || t instanceof ConnectException) {
                return true;
            }
            // Class 08: connection exceptions; 57P01..57P03: the server is shutting down or starting.
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (t instanceof RuntimeException && thrownByTheDriver(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A driver that lost its place in the wire protocol (a reply of an earlier statement read as this one's, after a
     * connection fell silent or a statement was cancelled mid-reply) fails with a plain runtime exception, not an
     * SQLException: the connection is broken, not the request. The pool's check on borrow then drops the connection.
     */
    private static boolean thrownByTheDriver(Throwable t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            if (!frame.getClassName().startsWith("java.")) {
                return frame.getClassName().startsWith("org.postgresql.");
            }
        }
        return false;
    }
}
