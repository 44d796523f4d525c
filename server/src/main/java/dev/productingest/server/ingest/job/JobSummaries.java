package dev.productingest.server.ingest.job;

import dev.productingest.server.jobs.JobProgress;
import dev.productingest.server.store.JobRecord;
import dev.productingest.server.store.JobStatus;
import dev.productingest.server.store.Timestamps;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.Job;
import dev.productingest.v1.JobState;
import dev.productingest.v1.RowError;
import java.util.List;

/** Jobs as the wire types. */
public final class JobSummaries {
    private JobSummaries() {}

    public static IngestSummary summary(JobRecord job, List<RowError> firstRejects) {
        return summary(JobProgress.of(job), firstRejects);
    }

    public static IngestSummary summary(JobProgress job, List<RowError> firstRejects) {
        IngestSummary.Builder b = IngestSummary.newBuilder()
                .setJobId(job.jobId())
                .setState(state(job.state()))
                .setReceived(job.received())
                .setInserted(job.inserted())
                .setUpdated(job.updated())
                .setUnchanged(job.unchanged())
                .setStale(job.stale())
                .setRejected(job.rejected())
                .setDeleted(job.deleted())
                .setRetired(job.retired())
                .setCommittedOffset(job.committedOffset())
                .setStartedAt(Timestamps.toProto(job.startedAt()))
                .addAllFirstRejects(firstRejects);
        if (job.finishedAt() != null) {
            b.setFinishedAt(Timestamps.toProto(job.finishedAt()));
        }
        if (job.error() != null) {
            b.setError(job.error());
        }
        if (job.snapshotTime() != null) {
            b.setSnapshotTime(Timestamps.toProto(job.snapshotTime()))
                    .setSnapshotTimeFromAsOf(job.snapshotAsOf() != null);
        }
        return b.build();
    }

    public static Job job(JobProgress job, List<RowError> firstRejects) {
        Job.Builder b = Job.newBuilder()
                .setSummary(summary(job, firstRejects))
                .setSource(job.source())
                .setRowsPerSecond(job.rowsPerSecond())
                .setUpdatedAt(Timestamps.toProto(job.updatedAt()));
        if (job.owner() != null) {
            b.setOwner(job.owner());
        }
        if (job.server() != null) {
            b.setServer(job.server());
        }
        if (job.expectedRows() != null) {
            b.setExpectedRows(job.expectedRows());
        }
        if (job.maxRejected() != null) {
            b.setMaxRejected(job.maxRejected());
        }
        return b.build();
    }

    /** The wire's name for a stored state: a state added to one and not the other does not compile. */
    public static JobState state(JobStatus status) {
        return switch (status) {
            case RUNNING -> JobState.RUNNING;
            case COMPLETED -> JobState.COMPLETED;
            case FAILED -> JobState.FAILED;
            case CANCELLED -> JobState.CANCELLED;
        };
    }
}
