package dev.productingest.client;

import io.grpc.Status;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Ends a load's stream that has stopped moving: nothing sent, nothing committed and nothing retired
 * for the stall timeout while the load waits on the server (a snapshot retiring a large share of the
 * catalog is moving). The load then fails as UNAVAILABLE, which the retry
 * policy resumes from the committed offset, instead of waiting on a dead stream forever. Time the
 * load spends waiting for its own source does not count.
 */
final class StallWatch implements Runnable {
    private final ChunkSender sender;
    private final LongSupplier progressMark;
    private final Duration timeout;
    private long lastSent = -1;
    private long lastMark = -1;
    private long lastMove = System.nanoTime();

    /**
     * @param progressMark asks the server how far the job has moved (one GetJob: committed offset plus
     *     retired products), only when nothing was sent
     */
    StallWatch(ChunkSender sender, LongSupplier progressMark, Duration timeout) {
        this.sender = sender;
        this.progressMark = progressMark;
        this.timeout = timeout;
    }

    @Override
    public void run() {
        long now = System.nanoTime();
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
