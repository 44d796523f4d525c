package dev.productingest.server.ingest.stream;

import dev.productingest.server.auth.Caller;
import dev.productingest.server.ingest.job.IngestJobs;
import dev.productingest.server.ingest.job.JobSummaries;
import dev.productingest.server.ingest.job.OpenedJob;
import dev.productingest.server.ingest.job.StreamJobs;
import dev.productingest.server.ingest.write.Batch;
import dev.productingest.server.store.JobRecord;
import dev.productingest.server.store.JobStatus;
import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestSummary;
import io.grpc.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The job table as a stream sees it, in memory: jobs open, commit, end and are let go as {@link IngestJobs} does it
 * over PostgreSQL, and every end and release is kept for tests to read.
 */
final class FakeJobs implements StreamJobs {
    private final Map<String, JobRecord> jobs = new ConcurrentHashMap<>();
    final List<String> released = new CopyOnWriteArrayList<>();
    final List<String> ended = new CopyOnWriteArrayList<>();

    /** A job as an earlier stream left it. */
    void exists(String jobId, JobStatus state, long committedOffset) {
        jobs.put(jobId, record(jobId, state, committedOffset, null));
    }

    JobRecord get(String jobId) {
        return jobs.get(jobId);
    }

    @Override
    public OpenedJob open(String jobId, IngestHeader header, String owner, UUID token) {
        JobRecord existing = jobs.get(jobId);
        if (existing != null && existing.state() == JobStatus.COMPLETED) {
            return new OpenedJob(existing, true);
        }
        if (existing != null && existing.state() != JobStatus.RUNNING) {
            throw Status.FAILED_PRECONDITION
                    .withDescription("job " + jobId + " has ended as " + existing.state())
                    .asRuntimeException();
        }
        JobRecord opened = record(jobId, JobStatus.RUNNING, existing == null ? 0 : existing.committedOffset(), token);
        jobs.put(jobId, opened);
        return new OpenedJob(opened, false);
    }

    /** What a committed batch does to its job: its offsets are committed and its rows counted. */
    JobRecord commit(Batch batch, UUID token) {
        return jobs.compute(batch.jobId(), (id, job) -> {
            if (job == null || !token.equals(job.streamToken())) {
                throw new IllegalStateException("batch of job " + id + " written by a stream that does not hold it");
            }
            return new JobRecord(
                    id,
                    job.state(),
                    job.source(),
                    null,
                    null,
                    job.received() + batch.size(),
                    job.inserted() + batch.rows().size(),
                    0,
                    0,
                    0,
                    job.rejected() + batch.rejects().size(),
                    0,
                    0,
                    batch.endOffset(),
                    job.owner(),
                    job.server(),
                    token,
                    job.leaseExpiresAt(),
                    null,
                    job.startedAt(),
                    Instant.now(),
                    null,
                    null);
        });
    }

    @Override
    public IngestSummary finish(JobRecord opened, UUID token, JobStatus state, String error) {
        String jobId = opened.jobId();
        JobRecord job = jobs.computeIfPresent(
                jobId,
                (id, j) -> new JobRecord(
                        id,
                        state,
                        j.source(),
                        null,
                        null,
                        j.received(),
                        j.inserted(),
                        0,
                        0,
                        0,
                        j.rejected(),
                        0,
                        0,
                        j.committedOffset(),
                        j.owner(),
                        null,
                        null,
                        null,
                        error,
                        j.startedAt(),
                        Instant.now(),
                        Instant.now(),
                        null));
        ended.add(jobId + " " + state);
        return summarize(job);
    }

    @Override
    public IngestSummary summarize(JobRecord job) {
        return JobSummaries.summary(job, List.of());
    }

    @Override
    public void release(String jobId, UUID token) {
        released.add(jobId);
    }

    private static JobRecord record(String jobId, JobStatus state, long committedOffset, UUID token) {
        Instant now = Instant.now();
        return new JobRecord(
                jobId,
                state,
                "test",
                null,
                null,
                committedOffset,
                committedOffset,
                0,
                0,
                0,
                0,
                0,
                0,
                committedOffset,
                Caller.ANONYMOUS,
                token == null ? null : "in-process",
                token,
                token == null ? null : now.plusSeconds(30),
                null,
                now,
                now,
                state == JobStatus.RUNNING ? null : now,
                null);
    }
}
