package dev.productingest.server.api;

import dev.productingest.server.jobs.JobProgress;
import dev.productingest.server.store.JobStatus;
import java.time.Instant;

/** A job as the REST API shows it ({@code /jobs}, {@code /jobs/{id}}, {@code /live/jobs}). */
public record JobView(
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
        double rowsPerSecond,
        String owner,
        String server,
        String error,
        Instant startedAt,
        Instant updatedAt,
        Instant finishedAt,
        Instant snapshotAsOf,
        Instant snapshotNewest) {

    public static JobView of(JobProgress p) {
        return new JobView(
                p.jobId(),
                p.state(),
                p.source(),
                p.expectedRows(),
                p.maxRejected(),
                p.received(),
                p.inserted(),
                p.updated(),
                p.unchanged(),
                p.stale(),
                p.rejected(),
                p.deleted(),
                p.retired(),
                p.committedOffset(),
                p.rowsPerSecond(),
                p.owner(),
                p.server(),
                p.error(),
                p.startedAt(),
                p.updatedAt(),
                p.finishedAt(),
                p.snapshotAsOf(),
                p.snapshotNewest());
    }
}
