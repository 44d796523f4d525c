package dev.productingest.server.ingest.write;

import com.codahale.metrics.Timer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The work waiting for a writer thread (batches, and the opening and ending of jobs), each task with the moment it was
 * handed over: how long the oldest has waited says whether the writers drain what the streams queue, whatever the
 * number of streams.
 */
public final class WriterQueue {
    // Unbounded, yet bounded in practice: each stream queues at most batchesInFlightPerStream batches.
    private final LinkedBlockingQueue<Runnable> waiting = new LinkedBlockingQueue<>();
    private final Timer waits;

    /** @param waits told how long each task waited for a writer thread ({@code ingest.writer.wait}) */
    public WriterQueue(Timer waits) {
        this.waits = waits;
    }

    /** The queue for the writers' pool. */
    public BlockingQueue<Runnable> queue() {
        return waiting;
    }

    /** The writers' pool, each task stamped as it is handed over. */
    public Executor stamped(Executor writers) {
        return task -> writers.execute(new Stamped(task, System.nanoTime(), waits));
    }

    public int size() {
        return waiting.size();
    }

    /** How long the task at the head of the queue has waited; zero when none waits. */
    public Duration oldestWait() {
        return waiting.peek() instanceof Stamped head
                ? Duration.ofNanos(System.nanoTime() - head.since())
                : Duration.ZERO;
    }

    private record Stamped(Runnable task, long since, Timer waits) implements Runnable {
        @Override
        public void run() {
            waits.update(System.nanoTime() - since, TimeUnit.NANOSECONDS);
            task.run();
        }
    }
}
