package dev.productingest.server.ingest;

/**
 * One stream's share of the {@link MemoryBudget}: the reservation for the message it asked for,
 * and the bytes it gives back as its rows are written or dropped. Used under the stream's lock.
 */
final class StreamMemory {
    // What a stream reserves for its first message; later ones reserve what the previous one took.
    static final long FIRST_MESSAGE_BYTES = 256 * 1024;

    private final MemoryBudget budget;
    private long reserved;
    private long nextReservation = FIRST_MESSAGE_BYTES;
    private MemoryBudget.Waiter waiting;
    private long waitingBytes;

    StreamMemory(MemoryBudget budget) {
        this.budget = budget;
    }

    /**
     * Reserves room for the next message: true when reserved at once. Otherwise the stream waits in
     * line and {@code onGranted} runs once it is its turn; it must call {@link #granted()}.
     */
    boolean reserveNext(Runnable onGranted) {
        long bytes = budget.clamp(nextReservation);
        MemoryBudget.Waiter waiter = budget.reserve(bytes, onGranted);
        if (waiter == null) {
            reserved += bytes;
            return true;
        }
        waiting = waiter;
        waitingBytes = bytes;
        return false;
    }

    boolean isWaiting() {
        return waiting != null;
    }

    /** The reservation the stream waited for is its own now. */
    void granted() {
        reserved += waitingBytes;
        waiting = null;
        waitingBytes = 0;
    }

    /** A message of this encoded size arrived in place of the reservation; the stream now holds it. */
    void received(long bytes) {
        budget.adjust(bytes - reserved);
        reserved = 0;
        nextReservation = Math.max(bytes, 1024);
    }

    /** Rows the stream held are written or dropped. */
    void release(long bytes) {
        budget.release(bytes);
    }

    /** The stream has ended: its reservation goes back, or it leaves the line. Rows it holds are released by their owners. */
    void close() {
        if (waiting != null && !waiting.cancel()) {
            // Granted while the stream was stopping: the grant is this stream's to give back.
            reserved += waitingBytes;
        }
        waiting = null;
        waitingBytes = 0;
        budget.release(reserved);
        reserved = 0;
    }
}
