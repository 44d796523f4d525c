package dev.productingest.server.ingest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One limit, in bytes, on the rows every stream of this server holds: the messages it has asked
 * gRPC for and the rows of its batches until they are written. Rows are counted by their encoded
 * size.
 *
 * <p>The invariant that keeps the heap safe whatever the number of producers: a stream asks for
 * its next message only once it holds a reservation for it here, so the bytes held exceed the
 * capacity only by what messages outgrow their reservations. A stream reserves as much as its
 * previous message took, but never more than the capacity's share of one stream slot: a stream
 * whose producer has gone quiet holds no more than that, so quiet streams cannot take the room of
 * busy ones.
 *
 * <p>Fair: a stream that finds no room waits in line, and freed bytes go to the line in arrival
 * order; no stream takes room while others wait. Every reservation is granted in time, as no
 * request is larger than the capacity and every held byte is released once its batch is written.
 */
public final class MemoryBudget {
    private final long capacity;
    private final long largestReservation;
    private final Executor grants;
    private final ArrayDeque<Waiter> line = new ArrayDeque<>();
    private long used;

    /**
     * @param streams how many streams may hold reservations at once: each reserves at most its share
     * @param grants where a waiting stream hears that its reservation is granted; never the
     *     releasing thread, which may hold another stream's lock
     */
    public MemoryBudget(long capacity, int streams, Executor grants) {
        if (capacity < 1 || streams < 1) {
            throw new IllegalArgumentException("the memory budget and its streams must be positive, got " + capacity + " and " + streams);
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
     * Reserves {@code bytes} (at most one stream's share) now if there is room and no one waits: then
     * returns null. Otherwise joins the line and returns the waiter; {@code granted} runs once the
     * reservation is made.
     */
    synchronized Waiter reserve(long bytes, Runnable granted) {
        long wanted = clamp(bytes);
        if (line.isEmpty() && used + wanted <= capacity) {
            used += wanted;
            return null;
        }
        Waiter waiter = new Waiter(wanted, granted);
        line.add(waiter);
        return waiter;
    }

    /** What a request for {@code bytes} reserves: at most one stream's share of the capacity. */
    long clamp(long bytes) {
        return Math.max(0, Math.min(bytes, largestReservation));
    }

    /** Counts bytes beyond a reservation (a message larger than reserved), or gives some back when negative. */
    void adjust(long delta) {
        if (delta < 0) {
            release(-delta);
        } else if (delta > 0) {
            synchronized (this) {
                used += delta;
            }
        }
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
