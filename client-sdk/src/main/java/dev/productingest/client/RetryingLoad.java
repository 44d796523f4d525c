package dev.productingest.client;

import dev.productingest.v1.IngestSummary;
import io.grpc.Status;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A load as attempts: when one fails in a way the {@link RetryPolicy} retries (the server went away, the connection
 * broke, no stream slot was free), the next starts after the policy's wait, without holding a thread while it waits,
 * and resumes the job from its committed offset. Every load names its job (the client picks an id when the caller did
 * not), so every load can resume.
 */
final class RetryingLoad {
    private final LoadAttempt attempts;
    private final RetryPolicy retry;
    private final IngestClient.RetryListener listener;
    private final Executor workers;

    /** Loads over the client's connection, as its settings say. */
    static RetryingLoad over(ClientConnection connection, JobCalls jobs, LiveLoads live, ClientSettings settings) {
        LoadAttempt attempts = new LoadAttempt(
                connection.channel(), jobs, settings.loadSettings(), live, connection.workers(), connection.ticks());
        return new RetryingLoad(attempts, settings.retry(), settings.retryListener(), connection.workers());
    }

    RetryingLoad(LoadAttempt attempts, RetryPolicy retry, IngestClient.RetryListener listener, Executor workers) {
        this.attempts = attempts;
        this.retry = retry;
        this.listener = listener;
        this.workers = workers;
    }

    CompletableFuture<IngestSummary> load(IngestOptions options, LoadRows rows) {
        if (options.jobId() != null) {
            return attempt(options, rows, 1, false);
        }
        return attempt(options.withJobId(UUID.randomUUID().toString()), rows, 1, true);
    }

    /** @param newJob whether the client picked the job's id and no attempt has run yet: the job cannot exist */
    private CompletableFuture<IngestSummary> attempt(
            IngestOptions options, LoadRows rows, int attempt, boolean newJob) {
        RowSource source;
        try {
            source = rows.open();
        } catch (Exception e) {
            return CompletableFuture.failedFuture(
                    new IngestException(Status.Code.UNKNOWN, "the source cannot be opened: " + e, e));
        }
        return attempts.run(options, source, newJob)
                .whenComplete((summary, error) -> rows.attemptEnded(source))
                .exceptionallyCompose(error -> {
                    IngestException failure = IngestException.of(error);
                    if (!retry.retries(failure, attempt)) {
                        return CompletableFuture.failedFuture(failure);
                    }
                    if (!rows.canStartAgain()) {
                        return CompletableFuture.failedFuture(new IngestException(
                                failure.code(),
                                failure.getMessage()
                                        + " (not resumed: the rows come from one RowSource, partly sent already; load from a Callable that"
                                        + " opens them again to resume job " + options.jobId() + ")",
                                failure));
                    }
                    Duration wait = retry.backoff(attempt);
                    listener.retrying(attempt, retry.attempts(), failure, wait);
                    Executor later = CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS, workers);
                    return CompletableFuture.supplyAsync(() -> null, later)
                            .thenCompose(ignored -> attempt(options, rows, attempt + 1, false));
                });
    }
}
