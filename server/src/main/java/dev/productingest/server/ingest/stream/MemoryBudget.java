package dev.productingest.server.ingest.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One limit, in bytes of heap, on the rows every stream of this server holds: each message from the moment it is
 * parsed, and its rows until their batch is written, counted by what they cost in the heap ({@link HeapCost}: the
 * parsed rows, and what a writer holds for them while it decides their updates), not by their size on the wire.
 *
 * <p>The invariant that keeps the heap safe whatever the number of producers or the shape of their rows: a stream
 * parses a message only once it holds a reservation here for the whole of it, read from the message's wire bytes, which
 * until then stay in the transport's buffers outside the heap; and it asks for a message at all only with room reserved
 * for one as large as its previous one, but never more than the capacity's share of one stream slot, so that quiet
 * streams cannot take the room of busy ones. A message that would cost more than the whole capacity is refused.
 *
 * <p>Fair: a stream that finds no room waits in line, and freed bytes go to the line in arrival order; no stream takes
 * room while others wait. Every reservation is granted in time: none is larger than the capacity, a stream in line
 * holds nothing but rows already on their way to the writers (it gives back its read-ahead before it queues for a whole
 * message), and every held byte is released once its batch is written.
 */
public final class MemoryBudget {
    private final long capacity;
    private final long largestReservation;
    private final Executor grants;
    private final ArrayDeque<Waiter> line = new ArrayDeque<>();
    private long used;

    /**
     * @param streams how many streams may hold reservations at once: each reads ahead at most its share
     * @param grants where a waiting stream hears that its reservation is granted; never the releasing thread, which may
     *     hold another stream's lock
     */
    public MemoryBudget(long capacity, int streams, Executor grants) {
        if (capacity < 1 || streams < 1) {
            throw new IllegalArgumentException(
                    "the memory budget and its streams must be positive, got " + capacity + " and " + streams);
        }
        this.capacity = capacity;
        this.largestReservation = Math.max(1, capacity / streams);
        this.grants = grants;
    }

    /** A reservation asked for and not yet granted; cancel it when the stream stops first. */
    final class Waiter {
        private final long bytes;
        private final Runnable granted;

        private Waiter(long bytes, Runnable granted) {
            this.bytes = bytes;
            this.granted = granted;
        }

        /** Leaves the line; false when the reservation was already granted (and is the caller's to release). */
        boolean cancel() {
            synchronized (MemoryBudget.this) {
                return line.remove(this);
            }
        }
    }

    /**
     * Reserves {@code bytes}, at most the capacity, now if there is room and no one waits: then returns null. Otherwise
     * joins the line and returns the waiter; {@code granted} runs once the reservation is made.
     */
    synchronized Waiter reserve(long bytes, Runnable granted) {
        if (bytes < 0 || bytes > capacity) {
            throw new IllegalArgumentException("a reservation of " + bytes + " bytes from a budget of " + capacity);
        }
        if (line.isEmpty() && used + bytes <= capacity) {
            used += bytes;
            return null;
        }
        Waiter waiter = new Waiter(bytes, granted);
        line.add(waiter);
        return waiter;
    }

    /** What a stream may reserve ahead of a message of {@code bytes}: at most one stream's share of the capacity. */
    long readAhead(long bytes) {
        return Math.max(0, Math.min(bytes, largestReservation));
    }

    /** Gives bytes back and grants what now fits to those waiting, in order. */
    void release(long bytes) {
        if (bytes <= 0) {
            return;
        }
        List<Runnable> granted = new ArrayList<>();
        synchronized (this) {
            used -= bytes;
            while (!line.isEmpty() && used + line.peek().bytes <= capacity) {
                Waiter next = line.poll();
                used += next.bytes;
                granted.add(next.granted);
            }
        }
        granted.forEach(grants::execute);
    }

    public long capacity() {
        return capacity;
    }

    public synchronized long used() {
        return used;
    }

    public synchronized int waiting() {
        return line.size();
    }
}
