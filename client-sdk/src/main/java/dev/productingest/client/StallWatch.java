package dev.productingest.client;

import io.grpc.Status;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Ends a load's stream that has stopped moving: nothing sent, nothing committed and nothing retired for the stall
 * timeout while the load waits on the server (a snapshot retiring a large share of the catalog is moving). The load
 * then fails as UNAVAILABLE, which the retry policy resumes from the committed offset, instead of waiting on a dead
 * stream forever. Time the load spends waiting for its own source does not count.
 */
final class StallWatch implements Runnable {
    /** What the watch reads of a stream's sender, and how it ends a stream that stalled. */
    interface Stream {
        long rowsSent();

        /** Whether the sender waits on the server (not on its own source). */
        boolean waitingOnServer();

        void abandon(Status status);
    }

    private final Stream sender;
    private final LongSupplier progressMark;
    private final Duration timeout;
    private final LongSupplier nanoTime;
    private long lastSent = -1;
    private long lastMark = -1;
    private long lastMove;

    /**
     * @param progressMark asks the server how far the job has moved (one GetJob: committed offset plus retired
     *     products), only when nothing was sent
     */
    StallWatch(Stream sender, LongSupplier progressMark, Duration timeout) {
        this(sender, progressMark, timeout, System::nanoTime);
    }

    /** @param nanoTime the clock, {@link System#nanoTime()} but in tests */
    StallWatch(Stream sender, LongSupplier progressMark, Duration timeout, LongSupplier nanoTime) {
        this.sender = sender;
        this.progressMark = progressMark;
        this.timeout = timeout;
        this.nanoTime = nanoTime;
        this.lastMove = nanoTime.getAsLong();
    }

    @Override
    public void run() {
        long now = nanoTime.getAsLong();
        long sent = sender.rowsSent();
        if (sent != lastSent || !sender.waitingOnServer()) {
            lastSent = sent;
            lastMove = now;
            return;
        }
        long mark;
        try {
            mark = progressMark.getAsLong();
        } catch (RuntimeException unreachable) {
            mark = lastMark; // a server that cannot answer has not moved
        }
        if (mark != lastMark) {
            lastMark = mark;
            lastMove = now;
            return;
        }
        if (now - lastMove >= timeout.toNanos()) {
            sender.abandon(Status.UNAVAILABLE.withDescription("the stream made no progress for " + timeout.toSeconds()
                    + " s (nothing sent, committed or retired); ending it to resume"));
        }
    }
}
