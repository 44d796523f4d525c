package dev.productingest.server.store;

import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The completion events finished jobs owe (columns of {@code ingest_jobs}, recorded by the statement that ends the
 * job): any server takes the due ones, delivers them, and marks each part (the topic, the webhook) done. A server that
 * takes an event holds it for a while, so that others leave it alone; if it dies, the hold runs out and another server
 * delivers it.
 */
public final class CompletionOutbox {
    /** A finished job with the parts of its event still owed, and how many tries were made before this one. */
    public record OwedEvent(JobRecord job, boolean publish, boolean post, int attempt) {}

    private final Jdbi jdbi;

    public CompletionOutbox(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Takes up to {@code limit} due events, oldest first, for {@code hold}; rows another server is taking are skipped.
     */
    public List<OwedEvent> take(int limit, Duration hold) {
        return jdbi.withHandle(h -> h.createQuery("""
                        UPDATE ingest_jobs SET event_attempts = event_attempts + 1,
                            event_not_before = now() + :hold_ms * interval '1 millisecond'
                        WHERE job_id IN (
                            SELECT job_id FROM ingest_jobs
                            WHERE finished_at IS NOT NULL AND (event_published_at IS NULL OR event_posted_at IS NULL)
                              AND (event_not_before IS NULL OR event_not_before < now())
                            ORDER BY finished_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING event_published_at IS NULL AS publish, event_posted_at IS NULL AS post, event_attempts,\s""" + JobStore.COLUMNS)
                .bind("hold_ms", hold.toMillis())
                .bind("limit", limit)
                .map((rs, ctx) -> new OwedEvent(
                        JobStore.map(rs, ctx),
                        rs.getBoolean("publish"),
                        rs.getBoolean("post"),
                        rs.getInt("event_attempts")))
                .list());
    }

    public void published(String jobId) {
        mark(jobId, "event_published_at = now()");
    }

    /** The webhook took the event, or there is no webhook, or it was given up on after the last try. */
    public void posted(String jobId) {
        mark(jobId, "event_posted_at = now()");
    }

    /** A try failed: the next one, by any server, after {@code wait}. */
    public void retryAfter(String jobId, Duration wait) {
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE ingest_jobs SET event_not_before = now() + :wait_ms * interval '1 millisecond'"
                                + " WHERE job_id = :job_id")
                .bind("wait_ms", wait.toMillis())
                .bind("job_id", jobId)
                .execute());
    }

    private void mark(String jobId, String assignment) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE ingest_jobs SET " + assignment + " WHERE job_id = :job_id")
                .bind("job_id", jobId)
                .execute());
    }
}
