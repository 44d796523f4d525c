package dev.productingest.server.ingest.stream;

/**
 * One stream's share of the {@link MemoryBudget}: room read ahead for the message it asks for, the whole of a message
 * before it is parsed, and the bytes it gives back as its rows are written or dropped. Used under the stream's lock.
 */
final class StreamMemory {
    // What a stream reads ahead of its first message; later ones read ahead what the previous one cost.
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
     * Reserves room ahead of the next message: true when reserved at once. Otherwise the stream waits in line and
     * {@code onGranted} runs once it is its turn; it must call {@link #granted()}.
     */
    boolean reserveNext(Runnable onGranted) {
        return reserve(budget.readAhead(nextReservation), onGranted);
    }

    /**
     * A message that will cost {@code bytes} in the heap has arrived: true when the stream holds them now, the room
     * read ahead included, and may parse it. Otherwise it gives back what it read ahead and waits in line for the whole
     * message, holding nothing of the budget while it waits; {@code onGranted} runs once it is its turn, which must
     * call {@link #granted()} and then this again. The bytes are the stream's to {@link #release} from then on.
     */
    boolean admit(long bytes, Runnable onGranted) {
        nextReservation = Math.max(bytes, 1024);
        if (bytes <= reserved) {
            budget.release(reserved - bytes);
            reserved = 0;
            return true;
        }
        budget.release(reserved);
        reserved = 0;
        if (reserve(bytes, onGranted)) {
            reserved = 0;
            return true;
        }
        return false;
    }

    /** Whether the budget can ever grant a message of this cost. */
    boolean fits(long bytes) {
        return bytes <= budget.capacity();
    }

    long capacity() {
        return budget.capacity();
    }

    private boolean reserve(long bytes, Runnable onGranted) {
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

    /** Rows the stream held are written or dropped. */
    void release(long bytes) {
        budget.release(bytes);
    }

    /**
     * The stream has ended: its reservation goes back, or it leaves the line. Rows it holds are released by their
     * owners.
     */
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
