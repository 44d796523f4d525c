package dev.productingest.server.ingest;

import com.google.protobuf.Timestamp;
import dev.productingest.rules.JobId;
import dev.productingest.rules.RowValidator;
import dev.productingest.server.auth.Caller;
import dev.productingest.server.jobs.CommitListener;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opening, ending and describing jobs on behalf of streams. */
public final class IngestJobs implements StreamJobs {
    private static final Logger LOG = LoggerFactory.getLogger(IngestJobs.class);
    private static final int MAX_SOURCE = 1024;
    // A producer's clock may run a little ahead of this server's.
    private static final Duration AS_OF_DRIFT = Duration.ofMinutes(5);
    // 0001-01-01 .. 9999-12-31, as protobuf's Timestamp allows.
    private static final long MIN_SECONDS = -62_135_596_800L;
    private static final long MAX_SECONDS = 253_402_300_799L;

    private final JobStore jobs;
    private final RejectStore rejects;
    private final SnapshotStore snapshots;
    private final SnapshotRetirement retirement;
    private final String instanceId;
    private final int summaryRejects;
    private final JobLookup lookup;
    private final CommitListeners listeners;

    public IngestJobs(JobStore jobs, RejectStore rejects, SnapshotStore snapshots, SnapshotRetirement retirement, String instanceId,
            int summaryRejects, JobLookup lookup, CommitListeners listeners) {
        this.jobs = jobs;
        this.rejects = rejects;
        this.snapshots = snapshots;
        this.retirement = retirement;
        this.instanceId = instanceId;
        this.summaryRejects = summaryRejects;
        this.lookup = lookup;
        this.listeners = listeners;
    }

    /** The job id the header asks for, or a new one; INVALID_ARGUMENT for a malformed header. */
    static String jobIdOf(IngestHeader header) {
        // Every field is checked, whether or not the header names a job.
        if (!header.getJobId().isEmpty() && !JobId.isValid(header.getJobId())) {
            throw IngestStatus.invalid(jobIdRule("header job_id"));
        }
        if (header.hasMaxRejected() && header.getMaxRejected() < 0) {
            throw IngestStatus.invalid("header max_rejected is negative: " + header.getMaxRejected());
        }
        if (header.hasExpectedRows() && header.getExpectedRows() < 0) {
            throw IngestStatus.invalid("header expected_rows is negative: " + header.getExpectedRows());
        }
        if (header.getSource().length() > MAX_SOURCE || header.getSource().indexOf('\0') >= 0) {
            throw IngestStatus.invalid("header source must be at most " + MAX_SOURCE + " characters with no NUL character");
        }
        checkSnapshotFields(header);
        return header.getJobId().isEmpty() ? UUID.randomUUID().toString() : header.getJobId();
    }

    /** What a job id that breaks the rule is told: the rule, never the id, which can be anything of any length. */
    static String jobIdRule(String field) {
        return field + " must be " + JobId.RULE;
    }

    private static void checkSnapshotFields(IngestHeader header) {
        if (header.getModeValue() != LoadMode.UPSERT_VALUE && header.getModeValue() != LoadMode.SNAPSHOT_VALUE) {
            throw IngestStatus.invalid("header mode " + header.getModeValue() + " is neither UPSERT (0) nor SNAPSHOT (1)");
        }
        if (header.getMode() != LoadMode.SNAPSHOT
                && (!header.getSnapshotCategory().isEmpty() || header.hasMaxRetiredShare() || header.hasAsOf())) {
            throw IngestStatus.invalid("header snapshot_category, max_retired_share and as_of are for SNAPSHOT jobs; set mode SNAPSHOT"
                    + " or leave them out");
        }
        if (header.hasAsOf()) {
            checkAsOf(header.getAsOf());
        }
        if (header.hasMaxRetiredShare() && !(header.getMaxRetiredShare() >= 0 && header.getMaxRetiredShare() <= 1)) {
            throw IngestStatus.invalid("header max_retired_share is " + header.getMaxRetiredShare() + "; it is a share from 0 to 1");
        }
        if (header.getSnapshotCategory().length() > RowValidator.MAX_CATEGORY || header.getSnapshotCategory().indexOf('\0') >= 0) {
            throw IngestStatus.invalid("header snapshot_category must be at most " + RowValidator.MAX_CATEGORY
                    + " characters with no NUL character");
        }
    }

    /**
     * A snapshot's as_of is a moment its data was taken: a valid time, and not in the future (beyond
     * a few minutes of clock drift), where it would speak for products not yet written.
     */
    private static void checkAsOf(Timestamp asOf) {
        if (asOf.getNanos() < 0 || asOf.getNanos() > 999_999_999 || asOf.getSeconds() < MIN_SECONDS || asOf.getSeconds() > MAX_SECONDS) {
            throw IngestStatus.invalid("header as_of is not a valid time");
        }
        Instant at = Timestamps.toInstant(asOf);
        if (at.isAfter(Instant.now().plus(AS_OF_DRIFT))) {
            throw IngestStatus.invalid("header as_of " + at + " is in the future; it is the moment the snapshot's data was taken"
                    + " (the export's time), at most " + AS_OF_DRIFT.toMinutes() + " minutes ahead of this server's clock");
        }
    }

    private static SnapshotScope scopeOf(IngestHeader header) {
        if (header.getMode() != LoadMode.SNAPSHOT) {
            return null;
        }
        return SnapshotScope.requested(header.getSnapshotCategory().isEmpty() ? null : header.getSnapshotCategory(),
                header.hasMaxRetiredShare() ? header.getMaxRetiredShare() : null,
                header.hasAsOf() ? Timestamps.toInstant(header.getAsOf()) : null);
    }

    @Override
    public OpenedJob open(String jobId, IngestHeader header, String owner, UUID token) {
        Long expected = header.hasExpectedRows() ? header.getExpectedRows() : null;
        Long maxRejected = header.hasMaxRejected() ? header.getMaxRejected() : null;
        Optional<JobRecord> claimed = jobs.claim(jobId, header.getSource(), expected, maxRejected, scopeOf(header), owner, instanceId,
                token);
        if (claimed.isPresent()) {
            listeners.jobChanged(claimed.get());
            return new OpenedJob(claimed.get(), false);
        }
        JobRecord existing = jobs.find(jobId).orElseThrow(() -> Status.ABORTED
                .withDescription("job " + jobId + " changed while being opened; retry").asRuntimeException());
        if (existing.owner() != null && !existing.owner().equals(owner)) {
            throw Status.PERMISSION_DENIED.withDescription("job " + jobId + " belongs to another credential; only it may resume"
                    + " the job: choose another job id").asRuntimeException();
        }
        return switch (existing.state()) {
            case COMPLETED -> new OpenedJob(existing, true);
            case RUNNING -> throw Status.ABORTED.withDescription("job " + jobId + " is being written by another live stream; "
                    + "retry when it ends or after its lease expires at " + existing.leaseExpiresAt())
                    .asRuntimeException();
            case FAILED, CANCELLED -> throw Status.FAILED_PRECONDITION.withDescription("job " + jobId + " has ended as "
                    + existing.state() + (existing.error() == null ? "" : " (" + existing.error() + ")") + "; start a new job")
                    .asRuntimeException();
        };
    }

    /** A SNAPSHOT job retires what it did not carry before it completes, or fails when its guard refuses. */
    @Override
    public IngestSummary finish(JobRecord job, UUID token, JobStatus state, String error) {
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
            LOG.info("job {}: forgot the SKUs the snapshot carried in {} ms", LogText.of(jobId), (System.nanoTime() - started) / 1_000_000);
        }
        listeners.jobChanged(finished);
        return summarize(finished);
    }

    private static RuntimeException takenOver(String jobId) {
        return Status.ABORTED.withDescription("job " + jobId + " was taken over by another stream before it could end").asRuntimeException();
    }

    @Override
    public IngestSummary summarize(JobRecord job) {
        return JobSummaries.summary(job, rejects.list(job.jobId(), -1, summaryRejects));
    }

    /** The job as every server reports it; NOT_FOUND when there is none. */
    JobProgress lookup(String jobId) {
        return lookup.find(jobId).orElseThrow(() -> noJob(jobId));
    }

    /** The job, when this caller may read it ({@link JobLookup#findFor}); NOT_FOUND otherwise. */
    JobProgress lookup(String jobId, Caller caller) {
        return lookup.findFor(caller, jobId).orElseThrow(() -> noJob(jobId));
    }

    private static RuntimeException noJob(String jobId) {
        return Status.NOT_FOUND.withDescription("no job " + jobId + "; check the id, or start it with an Ingest stream")
                .asRuntimeException();
    }

    /** The job, with its first rejected rows, for GetJob and WatchJob. */
    Job describe(JobProgress job) {
        List<RowError> firstRejects = job.rejected() == 0 ? List.of() : rejects.list(job.jobId(), -1, summaryRejects);
        return JobSummaries.job(job, firstRejects);
    }

    /**
     * Ends a job no live stream holds as CANCELLED, or reports an ended one; ABORTED while a stream
     * holds it, NOT_FOUND when the caller may not read it, PERMISSION_DENIED when it may read but
     * not cancel it.
     */
    IngestSummary cancel(String jobId, Caller caller) {
        JobRecord found = jobs.find(jobId).filter(job -> caller.mayRead(job.owner()) || caller.mayCancel(job.owner()))
                .orElseThrow(() -> noJob(jobId));
        if (!caller.mayCancel(found.owner())) {
            throw Status.PERMISSION_DENIED.withDescription("job " + jobId + " is another credential's; cancelling it needs the admin"
                    + " scope").asRuntimeException();
        }
        // The owner reads the reason: it names a role, never another credential.
        String by = caller.name().equals(found.owner()) ? "its owner" : "an administrator";
        Optional<JobRecord> cancelled = jobs.cancel(jobId, "cancelled by " + by + "; the rows committed before it are kept");
        if (cancelled.isPresent()) {
            if (cancelled.get().snapshot() != null) {
                snapshots.forget(jobId);
            }
            listeners.jobChanged(cancelled.get());
            return summarize(cancelled.get());
        }
        JobRecord job = jobs.find(jobId).orElseThrow(() -> noJob(jobId));
        if (job.state() == JobStatus.RUNNING) {
            throw Status.ABORTED.withDescription("job " + jobId + " is being written by a live stream; cancel that stream, "
                    + "then cancel the job again").asRuntimeException();
        }
        return summarize(job);
    }

    /** A job's rejected rows after an offset, in offset order. */
    List<RowError> rejects(String jobId, long afterOffset, int limit) {
        return rejects.list(jobId, afterOffset, limit);
    }

    @Override
    public void release(String jobId, UUID token) {
        jobs.release(jobId, token);
    }
}
