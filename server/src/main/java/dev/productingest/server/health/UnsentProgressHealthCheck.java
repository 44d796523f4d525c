package dev.productingest.server.health;

import com.codahale.metrics.health.HealthCheck;
import dev.productingest.server.jobs.ProgressTracker;
import java.time.Duration;

/**
 * Unhealthy when job progress has waited for Redis longer than the limit. Degraded, not down, like the redis check:
 * PostgreSQL keeps the progress and serves job reads, but watchers and other servers see an older state until Redis
 * takes it.
 */
public final class UnsentProgressHealthCheck extends HealthCheck {
    private final ProgressTracker progress;
    private final Duration limit;

    public UnsentProgressHealthCheck(ProgressTracker progress, Duration limit) {
        this.progress = progress;
        this.limit = limit;
    }

    @Override
    protected Result check() {
        long waitedMs = progress.unsentFor().toMillis();
        return waitedMs <= limit.toMillis()
                ? Result.healthy("progress of %d jobs waits for Redis", progress.unsentJobs())
                : Result.unhealthy(
                        "progress of %d jobs has waited %d ms for Redis, more than %d ms: watchers and other servers see older"
                                + " progress; PostgreSQL keeps it and serves job reads",
                        progress.unsentJobs(), waitedMs, limit.toMillis());
    }
}
