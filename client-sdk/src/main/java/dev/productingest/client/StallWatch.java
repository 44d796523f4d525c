package dev.productingest.client;

import io.grpc.Status;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Ends a load's stream that has stopped moving: nothing sent and nothing committed for the stall
 * timeout while the load waits on the server. The load then fails as UNAVAILABLE, which the retry
 * policy resumes from the committed offset, instead of waiting on a dead stream forever. Time the
 * load spends waiting for its own source does not count.
 */
final class StallWatch implements Runnable {
    private final ChunkSender sender;
    private final LongSupplier committedOffset;
    private final Duration timeout;
    private long lastSent = -1;
    private long lastCommitted = -1;
    private long lastMove = System.nanoTime();

    /** @param committedOffset asks the server for the job's committed offset (one GetJob), only when nothing was sent */
    StallWatch(ChunkSender sender, LongSupplier committedOffset, Duration timeout) {
        this.sender = sender;
        this.committedOffset = committedOffset;
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
        long committed;
        try {
            committed = committedOffset.getAsLong();
        } catch (RuntimeException unreachable) {
            committed = lastCommitted; // a server that cannot answer has not moved
        }
        if (committed != lastCommitted) {
            lastCommitted = committed;
            lastMove = now;
            return;
        }
        if (now - lastMove >= timeout.toNanos()) {
            sender.abandon(Status.UNAVAILABLE.withDescription("the stream made no progress for " + timeout.toSeconds()
                    + " s (nothing sent, nothing committed at offset " + committed + "); ending it to resume"));
        }
    }
}
