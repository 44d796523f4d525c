package dev.productingest.client;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Asks again and again, without holding a thread between asks, until an answer is there. */
final class Polling {
    private Polling() {}

    /** Asks now, then every {@code every}, {@code times} times at most; the answer, or empty if none came. */
    static <T> CompletableFuture<Optional<T>> until(
            Supplier<Optional<T>> ask, Duration every, int times, Executor executor) {
        return CompletableFuture.supplyAsync(ask, executor)
                .thenCompose(answer -> answer.isPresent() || times <= 1
                        ? CompletableFuture.completedFuture(answer)
                        : CompletableFuture.supplyAsync(
                                        () -> null,
                                        CompletableFuture.delayedExecutor(
                                                every.toMillis(), TimeUnit.MILLISECONDS, executor))
                                .thenCompose(ignored -> until(ask, every, times - 1, executor)));
    }
}
