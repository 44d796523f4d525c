package dev.productingest.perf;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What each scenario must leave behind, read back from PostgreSQL: a benchmark whose loads lost or
 * doubled rows would measure nothing. Failures are collected, reported, and fail the suite.
 */
final class Checks {
    private final String url;
    private final List<String> failures = new ArrayList<>();
    private int passed;

    Checks(String url) {
        this.url = url;
    }

    /** The jobs' counts, summed. */
    record Counts(long received, long inserted, long updated, long unchanged, long stale, long rejected, long completed) {
    }

    Counts jobs(List<String> jobIds) throws Exception {
        long[] sums = new long[7];
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement s = c.prepareStatement("SELECT received, inserted, updated, unchanged, stale, rejected,"
                     + " CASE WHEN state = 'COMPLETED' THEN 1 ELSE 0 END FROM ingest_jobs WHERE job_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", jobIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    for (int i = 0; i < sums.length; i++) {
                        sums[i] += rs.getLong(i + 1);
                    }
                }
            }
        }
        return new Counts(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6]);
    }

    long products() throws Exception {
        return count("SELECT count(*) FROM products", null);
    }

    long productsUpdatedSince(Instant since) throws Exception {
        return count("SELECT count(*) FROM products WHERE updated_at >= ?", since);
    }

    void expect(String what, long expected, long actual) {
        if (expected == actual) {
            passed++;
        } else {
            failures.add(what + ": expected " + expected + ", found " + actual);
        }
    }

    int passed() {
        return passed;
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    private long count(String sql, Instant since) throws Exception {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement s = c.prepareStatement(sql)) {
            if (since != null) {
                s.setTimestamp(1, Timestamp.from(since));
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
