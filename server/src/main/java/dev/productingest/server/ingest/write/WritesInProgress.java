package dev.productingest.server.ingest.write;

import dev.productingest.server.store.JobRecord;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A batch writer that knows how long its batches in progress have been writing, retries included: a batch writing for
 * long says PostgreSQL is slow or a lock holds it, before any batch completes to show it in the write timer.
 */
public final class WritesInProgress implements BatchWriter {
    private final BatchWriter writer;
    // By writer thread: a thread writes one batch at a time.
    private final Map<Thread, Long> startedNanos = new ConcurrentHashMap<>();

    public WritesInProgress(BatchWriter writer) {
        this.writer = writer;
    }

    @Override
    public JobRecord write(Batch batch, UUID streamToken, JobRecord soFar) {
        startedNanos.put(Thread.currentThread(), System.nanoTime());
        try {
            return writer.write(batch, streamToken, soFar);
        } finally {
            startedNanos.remove(Thread.currentThread());
        }
    }

    /** How long the longest-running batch in progress has been writing; zero when none is. */
    public Duration longest() {
        long now = System.nanoTime();
        return Duration.ofNanos(startedNanos.values().stream()
                .mapToLong(started -> now - started)
                .max()
                .orElse(0));
    }

    public int count() {
        return startedNanos.size();
    }
}
