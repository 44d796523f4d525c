package dev.productingest.server.jobs;

import dev.productingest.server.logging.LogContext;
import dev.productingest.server.logging.LogText;
import dev.productingest.server.store.JobRecord;
import dev.productingest.server.store.JobStatus;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line when this server starts or resumes a job, and one when it ends one, with the job's counts and rate: what
 * an operator greps for first. The job's id is also in the line's MDC ({@code job}), for JSON logs.
 */
public final class JobLog implements CommitListener {
    private static final Logger LOG = LoggerFactory.getLogger(JobLog.class);

    @Override
    public void jobChanged(JobRecord job) {
        try (LogContext ignored = LogContext.of(job.jobId(), job.streamToken())) {
            log(job);
        }
    }

    private static void log(JobRecord job) {
        if (job.state() == JobStatus.RUNNING) {
            if (job.committedOffset() == 0) {
                LOG.info(
                        "job {} started by {}: source '{}'{}",
                        LogText.of(job.jobId()),
                        owner(job),
                        LogText.of(job.source()),
                        job.snapshot() == null ? "" : ", a snapshot");
            } else {
                LOG.info(
                        "job {} resumed by {} from offset {}: source '{}'",
                        LogText.of(job.jobId()),
                        owner(job),
                        job.committedOffset(),
                        LogText.of(job.source()));
            }
            return;
        }
        LOG.info(
                "job {} {} for {}: {}{}",
                LogText.of(job.jobId()),
                job.state(),
                owner(job),
                summary(job),
                job.error() == null ? "" : "; " + LogText.of(job.error()));
    }

    /** The credential that owns the job, as a log line names it. */
    private static String owner(JobRecord job) {
        return job.owner() == null ? "an unknown owner" : LogText.of(job.owner());
    }

    /** The counts, how long the job ran (resumes included) and its rate, as every job read reports it. */
    static String summary(JobRecord job) {
        double seconds = job.finishedAt() == null || job.startedAt() == null
                ? 0
                : Duration.between(job.startedAt(), job.finishedAt()).toMillis() / 1000.0;
        return String.format(
                Locale.ROOT,
                "received %d, inserted %d, updated %d, unchanged %d, stale %d, deleted %d, rejected %d, retired %d; %.1f s, %.0f rows/s",
                job.received(),
                job.inserted(),
                job.updated(),
                job.unchanged(),
                job.stale(),
                job.deleted(),
                job.rejected(),
                job.retired(),
                seconds,
                JobProgress.of(job).rowsPerSecond());
    }
}
