package dev.productingest.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.TestServer;
import io.dropwizard.testing.ConfigOverride;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ended jobs and tombstones older than their retention go, jobs with all their rejected rows; everything else stays.
 */
class RetentionIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(
            ConfigOverride.config("retention.jobs", "30d"),
            ConfigOverride.config("retention.tombstones", "30d"),
            ConfigOverride.config("retention.interval", "100ms"));

    @Test
    void endedJobsPastTheRetentionAreDeletedWithTheirRejectsAndNothingElse() {
        // One transaction: the sweep, every 100 ms, sees all of it or none.
        server.jdbi().useTransaction(h -> {
            job(h, "old-done", "COMPLETED", "40 days", true);
            rejects(h, "old-done", 25_000);
            job(h, "old-failed", "FAILED", "31 days", true);
            job(h, "recent", "COMPLETED", "29 days", true);
            rejects(h, "recent", 10);
            job(h, "old-event-owed", "COMPLETED", "40 days", false);
            job(h, "old-running", "RUNNING", null, true);
        });

        Conditions.await("the old ended jobs are gone", () -> jobs().size() == 3);

        assertThat(jobs()).containsExactlyInAnyOrder("recent", "old-event-owed", "old-running");
        assertThat(count("SELECT count(*) FROM ingest_rejects WHERE job_id = 'old-done'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM ingest_rejects WHERE job_id = 'recent'"))
                .isEqualTo(10);
    }

    @Test
    void tombstonesPastTheirRetentionArePurgedAndLiveProductsAndRecentTombstonesStay() {
        server.jdbi().useTransaction(h -> {
            product(h, "LIVE", null);
            product(h, "DELETED-RECENTLY", "29 days");
            product(h, "DELETED-LONG-AGO", "31 days");
        });

        Conditions.await("the old tombstone is purged", () -> products().size() == 2);

        assertThat(products()).containsExactlyInAnyOrder("LIVE", "DELETED-RECENTLY");
    }

    @Test
    void skusCarriedByEndedSnapshotsAreForgottenAndARunningSnapshotsKept() {
        server.jdbi().useTransaction(h -> {
            job(h, "snapshot-running", "RUNNING", null, true);
            job(h, "snapshot-ended", "FAILED", "1 minute", true);
            h.execute(
                    "INSERT INTO snapshot_skus (job_id, sku) VALUES ('snapshot-running', 'A'), ('snapshot-ended', 'B'),"
                            + " ('snapshot-deleted', 'C')");
        });

        Conditions.await(
                "only the running snapshot's SKUs are left", () -> count("SELECT count(*) FROM snapshot_skus") == 1);

        assertThat(count("SELECT count(*) FROM snapshot_skus WHERE job_id = 'snapshot-running'"))
                .isEqualTo(1);
    }

    @Test
    void aStoppedRetentionDeletesNothingMore() {
        // Two days old: past a one-day retention, within the server's own 30 days.
        server.jdbi().useTransaction(h -> job(h, "two-days-old", "COMPLETED", "2 days", true));
        Retention oneDay = new Retention(server.jdbi(), Duration.ofDays(1), Duration.ofDays(1));

        oneDay.stop();

        assertThat(oneDay.sweep()).isZero();
        assertThat(jobs()).contains("two-days-old");
        // The server's own retention sweeps every 100 ms, and a sweep that meets it holding the advisory lock
        // does nothing: sweep until one runs.
        Retention running = new Retention(server.jdbi(), Duration.ofDays(1), Duration.ofDays(1));
        Conditions.await("a retention that was not stopped deletes the job", () -> {
            running.sweep();
            return !jobs().contains("two-days-old");
        });
    }

    private static void product(Handle h, String sku, String deletedAgo) {
        h.execute(
                "INSERT INTO products (sku, name, description, category, price_minor, currency, stock, active, attributes,"
                        + " updated_at, deleted_at) VALUES (?, 'n', '', '', 1, 'EUR', 1, true, '{}', now(), "
                        + (deletedAgo == null ? "NULL" : "now() - interval '" + deletedAgo + "'") + ")",
                sku);
    }

    private static List<String> products() {
        return server.jdbi()
                .withHandle(h -> h.createQuery("SELECT sku FROM products")
                        .mapTo(String.class)
                        .list());
    }

    /**
     * A job as the server leaves it; {@code endedAgo} null: still running, started 40 days ago and last written now
     * (not abandoned). An event still owed is held as a delivery in progress holds it, or this server would pay it
     * within a second and retention could then delete the job before the test looks.
     */
    private static void job(Handle h, String id, String state, String endedAgo, boolean eventSent) {
        String finished = endedAgo == null ? "NULL" : "now() - interval '" + endedAgo + "'";
        String sent = eventSent && endedAgo != null ? finished : "NULL";
        String held = eventSent ? "NULL" : "now() + interval '1 hour'";
        h.execute(
                "INSERT INTO ingest_jobs (job_id, state, started_at, finished_at, event_published_at, event_posted_at, event_not_before)"
                        + " VALUES (?, ?, now() - interval '40 days', " + finished + ", " + sent + ", " + sent + ", "
                        + held + ")",
                id,
                state);
    }

    private static void rejects(Handle h, String jobId, int n) {
        h.execute(
                "INSERT INTO ingest_rejects (job_id, row_offset, sku, field, reason)"
                        + " SELECT ?, o, 'SKU-' || o, 'price', 'bad' FROM generate_series(0, ? - 1) o",
                jobId,
                n);
    }

    private static List<String> jobs() {
        return server.jdbi()
                .withHandle(h -> h.createQuery("SELECT job_id FROM ingest_jobs")
                        .mapTo(String.class)
                        .list());
    }

    private static long count(String sql) {
        return server.jdbi()
                .withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
