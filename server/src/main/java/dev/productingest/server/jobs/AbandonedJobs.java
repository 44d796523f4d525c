package dev.productingest.server.jobs;

import dev.productingest.server.store.JobRecord;
import dev.productingest.server.store.JobStore;
import dev.productingest.server.store.SnapshotStore;
import io.dropwizard.util.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the RUNNING jobs no producer came back to: a job whose stream broke and was never resumed would otherwise stay
 * RUNNING for ever, and a snapshot's carried SKUs with it. After {@code after} without a stream, it ends as FAILED with
 * the reason, is announced like every end, and retention purges it later with the other ended jobs. Any number of
 * servers may run this at once: each job is ended, and announced, by one of them.
 */
public final class AbandonedJobs {
    private static final Logger LOG = LoggerFactory.getLogger(AbandonedJobs.class);
    private static final int JOBS_PER_STATEMENT = 100;

    private final JobStore jobs;
    private final SnapshotStore snapshots;
    private final CommitListener listeners;
    private final java.time.Duration after;
    private final String reason;
    private volatile boolean stopped;

    public AbandonedJobs(JobStore jobs, SnapshotStore snapshots, CommitListener listeners, Duration after) {
        this.jobs = jobs;
        this.snapshots = snapshots;
        this.listeners = listeners;
        this.after = after.toJavaDuration();
        this.reason = "abandoned: no producer resumed it within " + after + "; the rows committed before are kept";
    }

    /** The server is stopping: a sweep in progress ends after its statement, and no other starts. */
    public void stop() {
        stopped = true;
    }

    /** Ends every abandoned job; returns how many. A failure is logged, and the next sweep tries again. */
    public int sweep() {
        int ended = 0;
        try {
            List<JobRecord> abandoned;
            if (stopped) {
                return 0;
            }
            do {
                abandoned = jobs.abandon(after, reason, JOBS_PER_STATEMENT);
                for (JobRecord job : abandoned) {
                    if (job.snapshot() != null) {
                        snapshots.forget(job.jobId());
                    }
                    listeners.jobChanged(job);
                }
                ended += abandoned.size();
            } while (abandoned.size() == JOBS_PER_STATEMENT && !stopped);
        } catch (RuntimeException e) {
            LOG.warn("Ending abandoned jobs failed ({}); the next sweep tries again", e.toString());
        }
        return ended;
    }
}
