package dev.productingest.server.store;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of ingest_jobs. {@code owner} is the credential that opened the job (null for jobs opened before
 * credentials), {@code server} the instance holding its stream; {@code snapshot} is null for an UPSERT job.
 */
public record JobRecord(
        String jobId,
        JobStatus state,
        String source,
        Long expectedRows,
        Long maxRejected,
        long received,
        long inserted,
        long updated,
        long unchanged,
        long stale,
        long rejected,
        long deleted,
        long retired,
        long committedOffset,
        String owner,
        String server,
        UUID streamToken,
        Instant leaseExpiresAt,
        String error,
        Instant startedAt,
        Instant updatedAt,
        Instant finishedAt,
        SnapshotScope snapshot) {

    /** True while a stream holds the job and its lease has not run out. */
    public boolean isHeldAt(Instant now) {
        return streamToken != null && leaseExpiresAt != null && leaseExpiresAt.isAfter(now);
    }
}
