package dev.productingest.server.ingest.stream;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where one Ingest stream is in its life. Every change goes through {@link #canMoveTo}: a stream moves forward only,
 * and whatever happens, it ends in {@link #ENDED} exactly once.
 */
enum StreamPhase {
    /** Started; the header has not arrived. Ended by the header timeout, a protocol error or the client. */
    AWAITING_HEADER,
    /** The header arrived; the job is being claimed on a writer thread. Nothing more is read meanwhile. */
    OPENING,
    /** The job is held; chunks are read as the memory budget and the writer queue allow. */
    STREAMING,
    /**
     * No more rows are read (the client half-closed, the error budget ran out, or a batch can never be stored); queued
     * batches finish.
     */
    FINISHING,
    /** The job was ended or let go, and the call answered or failed. */
    ENDED;

    private Set<StreamPhase> next() {
        return switch (this) {
            case AWAITING_HEADER -> EnumSet.of(OPENING, ENDED);
            case OPENING -> EnumSet.of(STREAMING, FINISHING, ENDED);
            case STREAMING -> EnumSet.of(FINISHING, ENDED);
            case FINISHING -> EnumSet.of(ENDED);
            case ENDED -> EnumSet.noneOf(StreamPhase.class);
        };
    }

    boolean canMoveTo(StreamPhase phase) {
        return next().contains(phase);
    }

    /** The phase to move to; a move the stream's life does not allow is a bug. */
    StreamPhase to(StreamPhase next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("a stream cannot move from " + this + " to " + next);
        }
        return next;
    }

    /** Whether the stream still reads messages from the producer. */
    boolean reads() {
        return this == AWAITING_HEADER || this == OPENING || this == STREAMING;
    }
}
