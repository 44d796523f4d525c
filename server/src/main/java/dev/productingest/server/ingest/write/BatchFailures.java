package dev.productingest.server.ingest.write;

import java.sql.SQLException;
import java.util.Set;

/** Which failures of a batch no retry can mend: the same rows would fail the same way on every resume. */
public final class BatchFailures {
    // SQLSTATE classes: 22 data exception (a byte sequence the encoding refuses, a value out of range),
    // 23 integrity constraint violation, 54 program limit exceeded (a row too large for an index).
    private static final Set<String> PERMANENT_CLASSES = Set.of("22", "23", "54");
    // 23505, unique violation, is a race with another stream's insert: the next attempt sees that row.
    private static final String UNIQUE_VIOLATION = "23505";

    private BatchFailures() {}

    public static boolean isPermanent(Throwable failure) {
        SQLException sql = sqlCause(failure);
        if (sql == null || sql.getSQLState() == null || sql.getSQLState().length() < 2) {
            return false;
        }
        String state = sql.getSQLState();
        return PERMANENT_CLASSES.contains(state.substring(0, 2)) && !UNIQUE_VIOLATION.equals(state);
    }

    private static SQLException sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
