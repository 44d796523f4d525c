package dev.productingest.server.jobs;

import dev.productingest.server.auth.Caller;
import dev.productingest.server.auth.Scope;
import dev.productingest.server.store.JobRecord;
import dev.productingest.server.store.JobStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * A job as every server reports it: what {@code ingest_jobs} holds, less the stream's lease, plus its rate.
 * {@code owner} is the credential that opened it, {@code server} the instance that holds (or last held) its stream; a
 * snapshot's {@code as_of} and the newest row it carried, which give the time it speaks for. Each boundary maps it in
 * one place: {@link ProgressJson} for Redis and events, {@code api.JobView} for REST, {@code ingest.JobSummaries} for
 * gRPC.
 */
public record JobProgress(
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

    public static JobProgress of(JobRecord job) {
        return new JobProgress(
                job.jobId(),
                job.state(),
                job.source(),
                job.expectedRows(),
                job.maxRejected(),
                job.received(),
                job.inserted(),
                job.updated(),
                job.unchanged(),
                job.stale(),
                job.rejected(),
                job.deleted(),
                job.retired(),
                job.committedOffset(),
                rate(job),
                job.owner(),
                job.server(),
                job.error(),
                job.startedAt(),
                job.updatedAt(),
                job.finishedAt(),
                job.snapshot() == null ? null : job.snapshot().asOf(),
                job.snapshot() == null ? null : job.snapshot().newestCarried());
    }

    /** A snapshot's time: its as_of, else the newest row it carried; null for an upsert or while unknown. */
    public Instant snapshotTime() {
        return snapshotAsOf != null ? snapshotAsOf : snapshotNewest;
    }

    /**
     * As a caller without the read scope sees it: without the server instance that holds it (a host name is the
     * operators').
     */
    public JobProgress seenBy(Caller caller) {
        if (caller.has(Scope.READ) || server == null) {
            return this;
        }
        return new JobProgress(
                jobId,
                state,
                source,
                expectedRows,
                maxRejected,
                received,
                inserted,
                updated,
                unchanged,
                stale,
                rejected,
                deleted,
                retired,
                committedOffset,
                rowsPerSecond,
                owner,
                null,
                error,
                startedAt,
                updatedAt,
                finishedAt,
                snapshotAsOf,
                snapshotNewest);
    }

    public boolean isEnded() {
        return state != JobStatus.RUNNING;
    }

    /**
     * Whether this is a later state of the job than {@code other}: an end is later than any running state and final; a
     * running state is later with a higher committed offset, or the same offset written later. Progress arrives from
     * several servers and paths (events, polls, resends), in any order: this decides which one a reader keeps.
     */
    public boolean isNewerThan(JobProgress other) {
        if (other.isEnded()) {
            return false;
        }
        if (isEnded()) {
            return true;
        }
        return committedOffset > other.committedOffset
                || committedOffset == other.committedOffset
                        && updatedAt != null
                        && other.updatedAt != null
                        && updatedAt.isAfter(other.updatedAt);
    }

    private static double rate(JobRecord job) {
        if (job.startedAt() == null || job.updatedAt() == null) {
            return 0;
        }
        double seconds = Duration.between(job.startedAt(), job.updatedAt()).toNanos() / 1e9;
        return seconds > 0 ? Math.round(job.received() / seconds * 10) / 10.0 : 0;
    }
}
