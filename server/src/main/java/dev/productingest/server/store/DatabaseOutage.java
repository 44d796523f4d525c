package dev.productingest.server.store;

import java.net.ConnectException;
import java.sql.SQLException;
import org.jdbi.v3.core.ConnectionException;

/**
 * Whether a failure means PostgreSQL could not be reached or is not taking work (stopped, starting, failing over), as
 * opposed to a failure of the request itself. Such a failure passes: callers are told to retry (gRPC UNAVAILABLE, HTTP
 * 503), not that the server failed.
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
        }
        return false;
    }
}
