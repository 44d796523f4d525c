package dev.productingest.server.ingest.write;

import dev.productingest.server.logging.LogContext;
import dev.productingest.server.store.JobRecord;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * One stream's batches, written one after another on the shared writer pool, so that the committed offset only moves
 * forward (which row wins a SKU does not depend on it: ties go by content).
 */
public final class BatchPipeline {
    private final BatchWriter writer;
    private final Executor writers;
    private final UUID streamToken;
    private final BooleanSupplier stopped;
    private CompletableFuture<JobRecord> tail = CompletableFuture.completedFuture(null);

    public BatchPipeline(BatchWriter writer, Executor writers, UUID streamToken, BooleanSupplier stopped) {
        this.writer = writer;
        this.writers = writers;
        this.streamToken = streamToken;
        this.stopped = stopped;
    }

    /**
     * Queues the batch behind the stream's earlier ones; it is skipped if an earlier one failed or the stream stopped.
     */
    public synchronized CompletableFuture<JobRecord> submit(Batch batch) {
        tail = tail.thenApplyAsync(
                previous -> {
                    if (stopped.getAsBoolean()) {
                        throw new CancellationException("stream stopped before batch at offset " + batch.startOffset());
                    }
                    try (LogContext ignored = LogContext.of(batch.jobId(), streamToken)) {
                        return writer.write(batch, streamToken, previous);
                    }
                },
                writers);
        return tail;
    }

    /** Completes, normally or not, once every queued batch has run or been skipped. */
    public synchronized CompletableFuture<?> drained() {
        return tail.handle((r, e) -> null);
    }
}
