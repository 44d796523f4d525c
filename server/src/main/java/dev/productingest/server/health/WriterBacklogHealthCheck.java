package dev.productingest.server.health;

import com.codahale.metrics.health.HealthCheck;
import java.util.Queue;

/** Unhealthy when more batches wait for a writer than all streams together may queue: writes have stalled. */
public final class WriterBacklogHealthCheck extends HealthCheck {
    private final Queue<?> backlog;
    private final int limit;

    public WriterBacklogHealthCheck(Queue<?> backlog, int limit) {
        this.backlog = backlog;
        this.limit = limit;
    }

    @Override
    protected Result check() {
        int waiting = backlog.size();
        return waiting <= limit
                ? Result.healthy("%d batches waiting for a writer", waiting)
                : Result.unhealthy("%d batches waiting for a writer, more than %d: the database is not keeping up", waiting, limit);
    }
}
