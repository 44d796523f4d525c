package dev.productingest.server.store;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes ended jobs older than the retention, with their rejected rows, and tombstones older than theirs, in small
 * transactions that never hold many locks. One server at a time runs it (a PostgreSQL advisory lock); a job whose
 * completion event is still owed is kept until it is delivered. A purged tombstone no longer stops an older version of
 * its product from coming back, so the tombstone retention should outlast any producer's delay.
 */
public final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    // Any number of the product's own: which servers sweep is decided by who holds this lock.
    private static final long LOCK = 0x70726f64756374L;
    private static final int JOBS_PER_SWEEP = 100;
    private static final int REJECTS_PER_DELETE = 10_000;

    private static final int TOMBSTONES_PER_DELETE = 10_000;

    private final Jdbi jdbi;
    private final Duration keep;
    private final Duration keepTombstones;
    private volatile boolean stopped;

    public Retention(Jdbi jdbi, Duration keep, Duration keepTombstones) {
        this.jdbi = jdbi;
        this.keep = keep;
        this.keepTombstones = keepTombstones;
    }

    /**
     * The server is stopping: a sweep in progress ends after the statement it runs, and no other starts. Its
     * transactions are small, so whatever it leaves is swept next time, by any server.
     */
    public void stop() {
        stopped = true;
    }

    /** One sweep: returns how many jobs it deleted (0 also when another server is sweeping). */
    public int sweep() {
        if (stopped) {
            return 0;
        }
        try {
            return jdbi.withHandle(h -> {
                if (!h.createQuery("SELECT pg_try_advisory_lock(:lock)")
                        .bind("lock", LOCK)
                        .mapTo(Boolean.class)
                        .one()) {
                    return 0;
                }
                try {
                    int jobs = deleteOld(h, Instant.now().minus(keep));
                    deleteTombstones(h, Instant.now().minus(keepTombstones));
                    forgetEndedSnapshots(h);
                    return jobs;
                } finally {
                    h.createQuery("SELECT pg_advisory_unlock(:lock)")
                            .bind("lock", LOCK)
                            .mapTo(Boolean.class)
                            .one();
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("The retention sweep failed ({}); the next one tries again", e.toString());
            return 0;
        }
    }

    // deleted_at is checked again on the row itself: a product written again since the scan stays.
    private void deleteTombstones(Handle h, Instant cutoff) {
        long purged = 0;
        int n;
        do {
            n = h.createUpdate("""
                            DELETE FROM products WHERE sku IN (
                                SELECT sku FROM products WHERE deleted_at < :cutoff LIMIT :limit)
                            AND deleted_at < :cutoff""")
                    .bind("cutoff", cutoff.atOffset(ZoneOffset.UTC))
                    .bind("limit", TOMBSTONES_PER_DELETE)
                    .execute();
            purged += n;
        } while (n > 0 && !stopped);
        if (purged > 0) {
            LOG.info("Purged {} tombstones of products deleted before {}", purged, cutoff);
        }
    }

    // A snapshot's SKUs are forgotten when it ends; these are the ones a server died before forgetting.
    private static void forgetEndedSnapshots(Handle h) {
        h.createUpdate("""
                        DELETE FROM snapshot_skus s WHERE NOT EXISTS (
                            SELECT 1 FROM ingest_jobs j WHERE j.job_id = s.job_id AND j.state = 'RUNNING')""").execute();
    }

    private int deleteOld(Handle h, Instant cutoff) {
        List<String> old = h.createQuery("""
                        SELECT job_id FROM ingest_jobs
                        WHERE finished_at < :cutoff AND event_published_at IS NOT NULL AND event_posted_at IS NOT NULL
                        ORDER BY finished_at LIMIT :limit""")
                .bind("cutoff", cutoff.atOffset(ZoneOffset.UTC))
                .bind("limit", JOBS_PER_SWEEP)
                .mapTo(String.class)
                .list();
        int deleted = 0;
        for (String jobId : old) {
            if (stopped) {
                break;
            }
            while (!stopped
                    && h.createUpdate("""
                            DELETE FROM ingest_rejects WHERE (job_id, row_offset) IN (
                                SELECT job_id, row_offset FROM ingest_rejects WHERE job_id = :job_id LIMIT :limit)""")
                                    .bind("job_id", jobId)
                                    .bind("limit", REJECTS_PER_DELETE)
                                    .execute()
                            > 0) {
                // a batch at a time, each its own short transaction
            }
            if (stopped) {
                break;
            }
            deleted += h.createUpdate("DELETE FROM ingest_jobs WHERE job_id = :job_id AND finished_at < :cutoff")
                    .bind("job_id", jobId)
                    .bind("cutoff", cutoff.atOffset(ZoneOffset.UTC))
                    .execute();
        }
        if (deleted > 0) {
            LOG.info("Deleted {} jobs that ended before {}, with their rejected rows", deleted, cutoff);
        }
        return deleted;
    }
}
