package dev.productingest.server.ingest.job;

import dev.productingest.server.auth.Caller;
import dev.productingest.server.jobs.CommitListeners;
import dev.productingest.server.jobs.JobLookup;
import dev.productingest.server.jobs.JobProgress;
import dev.productingest.server.logging.LogText;
import dev.productingest.server.store.JobRecord;
import dev.productingest.server.store.JobStatus;
import dev.productingest.server.store.JobStore;
import dev.productingest.server.store.RejectStore;
import dev.productingest.server.store.SnapshotScope;
import dev.productingest.server.store.SnapshotStore;
import dev.productingest.server.store.Timestamps;
import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.Job;
import dev.productingest.v1.LoadMode;
import dev.productingest.v1.RowError;
import io.grpc.Status;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opening, ending and describing jobs on behalf of streams. */
public final class IngestJobs implements StreamJobs {
    private static final Logger LOG = LoggerFactory.getLogger(IngestJobs.class);

    private final JobStore jobs;
    private final RejectStore rejects;
    private final SnapshotStore snapshots;
    private final SnapshotRetirement retirement;
    private final String instanceId;
    private final int summaryRejects;
    private final JobLookup lookup;
    private final CommitListeners listeners;
    private final LeaseKeeper leases;

    public IngestJobs(
            JobStore jobs,
            RejectStore rejects,
            SnapshotStore snapshots,
            SnapshotRetirement retirement,
            String instanceId,
            int summaryRejects,
            JobLookup lookup,
            CommitListeners listeners,
            LeaseKeeper leases) {
        this.jobs = jobs;
        this.leases = leases;
        this.rejects = rejects;
        this.snapshots = snapshots;
        this.retirement = retirement;
        this.instanceId = instanceId;
        this.summaryRejects = summaryRejects;
        this.lookup = lookup;
        this.listeners = listeners;
    }

    private static SnapshotScope scopeOf(IngestHeader header) {
        if (header.getMode() != LoadMode.SNAPSHOT) {
            return null;
        }
        return SnapshotScope.requested(
                header.getSnapshotCategory().isEmpty() ? null : header.getSnapshotCategory(),
                header.hasMaxRetiredShare() ? header.getMaxRetiredShare() : null,
                // To the microsecond, as PostgreSQL keeps it: earlier by less than one, never later.
                header.hasAsOf() ? Timestamps.toInstant(header.getAsOf()).truncatedTo(ChronoUnit.MICROS) : null);
    }

    @Override
    public OpenedJob open(String jobId, IngestHeader header, String owner, UUID token) {
        Long expected = header.hasExpectedRows() ? header.getExpectedRows() : null;
        Long maxRejected = header.hasMaxRejected() ? header.getMaxRejected() : null;
        Optional<JobRecord> claimed =
                jobs.claim(jobId, header.getSource(), expected, maxRejected, scopeOf(header), owner, instanceId, token);
        if (claimed.isPresent()) {
            leases.hold(token);
            listeners.jobChanged(claimed.get());
            return new OpenedJob(claimed.get(), false);
        }
        JobRecord existing = jobs.find(jobId)
                .orElseThrow(() -> Status.ABORTED
                        .withDescription("job " + jobId + " changed while being opened; retry")
                        .asRuntimeException());
        if (existing.owner() != null && !existing.owner().equals(owner)) {
            throw Status.PERMISSION_DENIED
                    .withDescription("job " + jobId + " belongs to another credential; only it may resume"
                            + " the job: choose another job id")
                    .asRuntimeException();
        }
        return switch (existing.state()) {
            case COMPLETED -> new OpenedJob(existing, true);
            case RUNNING ->
                throw Status.ABORTED
                        .withDescription("job " + jobId + " is being written by another live stream; "
                                + "retry when it ends or after its lease expires at " + existing.leaseExpiresAt())
                        .asRuntimeException();
            case FAILED, CANCELLED ->
                throw Status.FAILED_PRECONDITION
                        .withDescription("job " + jobId + " has ended as " + existing.state()
                                + (existing.error() == null ? "" : " (" + existing.error() + ")") + "; start a new job")
                        .asRuntimeException();
        };
    }

    /**
     * A SNAPSHOT job retires what it did not carry before it completes, or fails when its guard refuses. The lease is
     * renewed until the job has ended, the retire included.
     */
    @Override
    public IngestSummary finish(JobRecord job, UUID token, JobStatus state, String error) {
        try {
            return end(job, token, state, error);
        } finally {
            leases.release(token);
        }
    }

    private IngestSummary end(JobRecord job, UUID token, JobStatus state, String error) {
        String jobId = job.jobId();
        if (job.snapshot() != null && state == JobStatus.COMPLETED) {
            String refused = retirement.retire(job, token);
            if (refused != null) {
                state = JobStatus.FAILED;
                error = refused;
            }
        }
        JobRecord finished = jobs.finish(jobId, token, state, error).orElseThrow(() -> takenOver(jobId));
        if (finished.snapshot() != null) {
            long started = System.nanoTime();
            snapshots.forget(jobId);
            LOG.info(
                    "job {}: forgot the SKUs the snapshot carried in {} ms",
                    LogText.of(jobId),
                    (System.nanoTime() - started) / 1_000_000);
        }
        listeners.jobChanged(finished);
        return summarize(finished);
    }

    private static RuntimeException takenOver(String jobId) {
        return Status.ABORTED
                .withDescription("job " + jobId + " was taken over by another stream before it could end")
                .asRuntimeException();
    }

    @Override
    public IngestSummary summarize(JobRecord job) {
        return JobSummaries.summary(job, rejects.list(job.jobId(), -1, summaryRejects));
    }

    /** The job as every server reports it; NOT_FOUND when there is none. */
    public JobProgress lookup(String jobId) {
        return lookup.find(jobId).orElseThrow(() -> noJob(jobId));
    }

    /** The job, when this caller may read it ({@link JobLookup#findFor}); NOT_FOUND otherwise. */
    public JobProgress lookup(String jobId, Caller caller) {
        return lookup.findFor(caller, jobId).orElseThrow(() -> noJob(jobId));
    }

    private static RuntimeException noJob(String jobId) {
        return Status.NOT_FOUND
                .withDescription("no job " + jobId + "; check the id, or start it with an Ingest stream")
                .asRuntimeException();
    }

    /** The job, with its first rejected rows, for GetJob and WatchJob. */
    public Job describe(JobProgress job) {
        List<RowError> firstRejects = job.rejected() == 0 ? List.of() : rejects.list(job.jobId(), -1, summaryRejects);
        return JobSummaries.job(job, firstRejects);
    }

    /**
     * Ends a job no live stream holds as CANCELLED, or reports an ended one; ABORTED while a stream holds it, NOT_FOUND
     * when the caller may not read it, PERMISSION_DENIED when it may read but not cancel it.
     */
    public IngestSummary cancel(String jobId, Caller caller) {
        JobRecord found = jobs.find(jobId)
                .filter(job -> caller.mayRead(job.owner()) || caller.mayCancel(job.owner()))
                .orElseThrow(() -> noJob(jobId));
        if (!caller.mayCancel(found.owner())) {
            throw Status.PERMISSION_DENIED
                    .withDescription(
                            "job " + jobId + " is another credential's; cancelling it needs the admin" + " scope")
                    .asRuntimeException();
        }
        // The owner reads the reason: it names a role, never another credential.
        String by = caller.name().equals(found.owner()) ? "its owner" : "an administrator";
        Optional<JobRecord> cancelled =
                jobs.cancel(jobId, "cancelled by " + by + "; the rows committed before it are kept");
        if (cancelled.isPresent()) {
            if (cancelled.get().snapshot() != null) {
                snapshots.forget(jobId);
            }
            listeners.jobChanged(cancelled.get());
            return summarize(cancelled.get());
        }
        JobRecord job = jobs.find(jobId).orElseThrow(() -> noJob(jobId));
        if (job.state() == JobStatus.RUNNING) {
            throw Status.ABORTED
                    .withDescription("job " + jobId + " is being written by a live stream; cancel that stream, "
                            + "then cancel the job again")
                    .asRuntimeException();
        }
        return summarize(job);
    }

    /** Stops renewing the stream's lease and lets go of the job, so that a new stream can resume it at once. */
    @Override
    public void release(String jobId, UUID token) {
        leases.release(token);
        jobs.release(jobId, token);
    }
}
