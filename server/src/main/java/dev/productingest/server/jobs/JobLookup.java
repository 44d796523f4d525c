package dev.productingest.server.jobs;

import dev.productingest.server.auth.Caller;
import dev.productingest.server.auth.Scope;
import dev.productingest.server.store.JobStatus;
import dev.productingest.server.store.JobStore;
import java.util.List;
import java.util.Optional;

/**
 * Where every server reads a job: Redis first (live progress, whichever server writes the job), PostgreSQL when Redis
 * has none or is down, so a read never depends on Redis.
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

    /**
     * The job, when this caller may read it (every job with the read scope, a producer its own), else empty, as for a
     * job that does not exist: a caller learns nothing of jobs it may not read. A producer's job is read from
     * PostgreSQL, where its owner is the truth; the progress in Redis may come from a server of an earlier version
     * during an upgrade. A producer does not see which server instance holds its job.
     */
    public Optional<JobProgress> findFor(Caller caller, String jobId) {
        if (caller.has(Scope.READ)) {
            return find(jobId);
        }
        return jobs.find(jobId)
                .filter(job -> caller.mayRead(job.owner()))
                .map(job -> JobProgress.of(job).seenBy(caller));
    }

    /** Jobs in this state, by job id, from the first id after {@code afterJobId} (PostgreSQL holds every job). */
    public List<JobProgress> list(JobStatus state, String afterJobId, int limit) {
        return jobs.list(state, afterJobId, limit).stream().map(JobProgress::of).toList();
    }
}
