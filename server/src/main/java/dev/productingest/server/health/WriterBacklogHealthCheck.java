package dev.productingest.server.health;

import com.codahale.metrics.health.HealthCheck;
import dev.productingest.server.ingest.write.WriterQueue;
import java.time.Duration;

/**
 * Unhealthy when the oldest work waiting for a writer thread has waited longer than the limit: the writers do not drain
 * what the streams queue, because the database is slow or stalled. A count of waiting batches could not tell a busy
 * server from a stuck one; a wait can.
 */
public final class WriterBacklogHealthCheck extends HealthCheck {
    private final WriterQueue backlog;
    private final Duration limit;

    public WriterBacklogHealthCheck(WriterQueue backlog, Duration limit) {
        this.backlog = backlog;
        this.limit = limit;
    }

    @Override
    protected Result check() {
        int waiting = backlog.size();
        long waitedMs = backlog.oldestWait().toMillis();
        return waitedMs <= limit.toMillis()
                ? Result.healthy("%d tasks waiting for a writer, the oldest for %d ms", waiting, waitedMs)
                : Result.unhealthy(
                        "the oldest of %d tasks has waited %d ms for a writer, more than %d ms: the database is not keeping up",
                        waiting, waitedMs, limit.toMillis());
    }
}
