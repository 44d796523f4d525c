package dev.productingest.server.health;

import com.codahale.metrics.health.HealthCheck;
import dev.productingest.server.ingest.write.WritesInProgress;
import java.time.Duration;

/**
 * Unhealthy while a batch has been writing for longer than the limit: PostgreSQL is slow, or a lock holds the batch.
 */
public final class BatchWritesHealthCheck extends HealthCheck {
    private final WritesInProgress writes;
    private final Duration limit;

    public BatchWritesHealthCheck(WritesInProgress writes, Duration limit) {
        this.writes = writes;
        this.limit = limit;
    }

    @Override
    protected Result check() {
        long longestMs = writes.longest().toMillis();
        return longestMs <= limit.toMillis()
                ? Result.healthy("%d batches writing, the longest for %d ms", writes.count(), longestMs)
                : Result.unhealthy(
                        "a batch has been writing for %d ms, more than %d ms: PostgreSQL is slow or a lock holds it",
                        longestMs, limit.toMillis());
    }
}
