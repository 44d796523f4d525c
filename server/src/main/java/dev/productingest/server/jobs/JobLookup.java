package dev.productingest.server.jobs;

import dev.productingest.server.store.JobStatus;
import dev.productingest.server.store.JobStore;
import java.util.List;
import java.util.Optional;

/**
 * Where every server reads a job: Redis first (live progress, whichever server writes the job),
 * PostgreSQL when Redis has none or is down, so a read never depends on Redis.
 */
public final class JobLookup {
    private final ProgressTracker progress;
    private final JobStore jobs;

    public JobLookup(ProgressTracker progress, JobStore jobs) {
        this.progress = progress;
        this.jobs = jobs;
    }

    public Optional<JobProgress> find(String jobId) {
        Optional<JobProgress> live = progress.find(jobId);
        return live.isPresent() ? live : jobs.find(jobId).map(JobProgress::of);
    }

    /** Jobs in this state, by job id, from the first id after {@code afterJobId} (PostgreSQL holds every job). */
    public List<JobProgress> list(JobStatus state, String afterJobId, int limit) {
        return jobs.list(state, afterJobId, limit).stream().map(JobProgress::of).toList();
    }
}
