package dev.productingest.server.ingest;

import dev.productingest.server.store.JobRecord;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * One stream's batches, written one after another on the shared writer pool. Order matters twice:
 * the committed offset only moves forward, and on equal updated_at the later row must win.
 */
final class BatchPipeline {
    private final BatchUpserter upserter;
    private final Executor writers;
    private final UUID streamToken;
    private final BooleanSupplier stopped;
    private CompletableFuture<JobRecord> tail = CompletableFuture.completedFuture(null);

    BatchPipeline(BatchUpserter upserter, Executor writers, UUID streamToken, BooleanSupplier stopped) {
        this.upserter = upserter;
        this.writers = writers;
        this.streamToken = streamToken;
        this.stopped = stopped;
    }

    /** Queues the batch behind the stream's earlier ones; it is skipped if an earlier one failed or the stream stopped. */
    synchronized CompletableFuture<JobRecord> submit(Batch batch) {
        tail = tail.thenApplyAsync(previous -> {
            if (stopped.getAsBoolean()) {
                throw new CancellationException("stream stopped before batch at offset " + batch.startOffset());
            }
            return upserter.write(batch, streamToken, BatchUpserter.onlyNewSoFar(previous));
        }, writers);
        return tail;
    }

    /** Completes, normally or not, once every queued batch has run or been skipped. */
    synchronized CompletableFuture<?> drained() {
        return tail.handle((r, e) -> null);
    }
}
