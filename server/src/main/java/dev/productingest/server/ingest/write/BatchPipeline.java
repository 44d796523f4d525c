package dev.productingest.server.ingest.write;

import dev.productingest.server.logging.LogContext;
import dev.productingest.server.store.JobRecord;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
     * Queues the batch behind the stream's earlier ones. It is skipped if the stream stopped, or if an earlier one
     * failed: then it fails as {@link Skipped}, never with the earlier batch's failure, which that batch reports itself
     * (the two outcomes may reach the stream in either order).
     */
    public synchronized CompletableFuture<JobRecord> submit(Batch batch) {
        // Skipped at once, on the thread that completes the earlier batch: a skip waits for no writer thread.
        tail = tail.handle((previous, earlierFailure) -> {
                    if (earlierFailure != null) {
                        throw new Skipped(batch);
                    }
                    return previous;
                })
                .thenApplyAsync(
                        previous -> {
                            if (stopped.getAsBoolean()) {
                                throw new CancellationException(
                                        "stream stopped before batch at offset " + batch.startOffset());
                            }
                            try (LogContext ignored = LogContext.of(batch.jobId(), streamToken)) {
                                return writer.write(batch, streamToken, previous);
                            }
                        },
                        writers);
        return tail;
    }

    /** Whether a batch's outcome is that it was skipped behind an earlier batch's failure. */
    public static boolean skipped(Throwable outcome) {
        Throwable cause = outcome instanceof CompletionException wrapped ? wrapped.getCause() : outcome;
        return cause instanceof Skipped;
    }

    /** Completes, normally or not, once every queued batch has run or been skipped. */
    public synchronized CompletableFuture<?> drained() {
        return tail.handle((r, e) -> null);
    }

    /** A batch not written because one queued before it in the same stream failed. */
    static final class Skipped extends RuntimeException {
        Skipped(Batch batch) {
            super(
                    "the batch at offset " + batch.startOffset() + " was not written: an earlier batch failed",
                    null,
                    false,
                    false);
        }
    }
}
