package dev.productingest.perf;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * PostgreSQL's own count of the statements it ran in one database ({@code pg_stat_statements}, which the server must
 * preload), per normalised statement text.
 */
final class SqlStatementCount {
    /** The server setting that loads the module; PostgreSQL reads it only at start. */
    static final Map<String, String> SERVER_SETTINGS =
            Map.of("shared_preload_libraries", "pg_stat_statements", "pg_stat_statements.track", "all");

    private final String url;

    SqlStatementCount(String url) throws Exception {
        this.url = url;
        Bench.execute(url, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    }

    void reset() throws Exception {
        Bench.execute(url, "SELECT pg_stat_statements_reset()");
    }

    /** Calls per statement since the last reset, in this database, without this counter's own. */
    Map<String, Long> calls() throws Exception {
        Map<String, Long> calls = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT query, calls FROM pg_stat_statements"
                        + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                        + " AND query NOT LIKE '%pg_stat_statements%'")) {
            while (rs.next()) {
                calls.merge(rs.getString(1).replaceAll("\\s+", " ").strip(), rs.getLong(2), Long::sum);
            }
        }
        return calls;
    }
}
